/**
 * What the federated search filters a card by: tasks, modalities, size in bytes, fields, splits. Tasks and
 * modalities are Foedera's `foedera:task` / `foedera:modality` when the publisher states them (Croissant has no core
 * term for them); modalities are otherwise inferred from field data types and file media types.
 */
import type { CroissantCard } from './croissant-schema.ts';
import { parseContentSize } from './content-size.ts';

export type CardField = {
  readonly recordSet: string;
  readonly id: string;
  readonly dataTypes: readonly string[];
};

export type CardFacets = {
  readonly tasks: readonly string[];
  readonly modalities: readonly string[];
  /** Sum of the known `contentSize`s of the card's files; undefined when none is given. */
  readonly sizeBytes?: number;
  readonly fields: readonly CardField[];
  readonly splits: readonly string[];
};

const many = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as T];

const local = (type: string) => type.replace(/^.*[:/#]/, '');

function inferModalities(card: CroissantCard, fields: readonly CardField[]): string[] {
  const found = new Set<string>();
  const types = fields.flatMap((f) => f.dataTypes.map(local));
  for (const type of types) {
    if (type === 'ImageObject' || type === 'BoundingBox' || type === 'SegmentationMask') found.add('image');
    if (type === 'AudioObject') found.add('audio');
    if (type === 'VideoObject') found.add('video');
    if (type === 'GeoCoordinates' || type === 'GeoShape') found.add('geospatial');
  }
  for (const file of card.distribution) {
    const media = file.encodingFormat.split('/')[0];
    if (media === 'image' || media === 'audio' || media === 'video') found.add(media);
  }
  if (found.size > 0) return [...found].sort();
  const data = fields.filter((f) => !f.dataTypes.map(local).includes('Split'));
  if (data.length > 0 && data.every((f) => f.dataTypes.map(local).includes('Text'))) return ['text'];
  return data.length > 0 ? ['tabular'] : [];
}

export function cardFacets(card: CroissantCard): CardFacets {
  const fields: CardField[] = (card.recordSet ?? []).flatMap((set) =>
    set.field.map((field) => ({
      recordSet: set['@id'] ?? set.name ?? '',
      id: field['@id'] ?? field.name ?? '',
      dataTypes: [...many(field.dataType)],
    })),
  );
  const sizes = card.distribution.flatMap((f) => {
    const bytes = f.contentSize === undefined ? undefined : parseContentSize(f.contentSize);
    return bytes === undefined ? [] : [bytes];
  });
  const splits = (card.recordSet ?? [])
    .filter((set) => many(set.dataType).some((t) => local(t) === 'Split'))
    .flatMap((set) =>
      (set.data ?? []).flatMap((row) => {
        const name = Object.entries(row).find(([key]) => /name$/i.test(key))?.[1];
        return typeof name === 'string' ? [name] : [];
      }),
    );
  const stated = many(card['foedera:modality']).map((m) => m.toLowerCase());
  return {
    tasks: [...new Set(many(card['foedera:task']).map((t) => t.toLowerCase()))].sort(),
    modalities: stated.length > 0 ? [...new Set(stated)].sort() : inferModalities(card, fields),
    ...(sizes.length === 0 ? {} : { sizeBytes: sizes.reduce((a, b) => a + b, 0) }),
    fields,
    splits,
  };
}

/** Whether a card has a field named `name` (its id, or the part after the record set's `/`), case-insensitively. */
export function hasField(facets: CardFacets, name: string): boolean {
  const wanted = name.toLowerCase();
  return facets.fields.some((f) => {
    const id = f.id.toLowerCase();
    return id === wanted || id.slice(id.lastIndexOf('/') + 1) === wanted;
  });
}
