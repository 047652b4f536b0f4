/**
 * `foedera card`: Croissant dataset cards. `import` attaches a card file to a dataset (the node validates it and
 * makes a new version), `export` writes a dataset's card, `check` validates a card file offline, and `search` finds
 * datasets of this node and the federated cache by task, modality, size and field.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cardFacets, readCard, type CroissantCard } from '../../cards/index.ts';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import type { CatalogDataset, CatalogItem } from '../client/views.ts';
import { emit, note } from '../output/print.ts';
import { fields } from '../output/table.ts';
import { datasetTable } from './dataset.ts';
import { entryOf } from './catalog.ts';

type DatasetOption = ApiOptions & { dataset: string };

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FoederaError('file-unreadable', `Cannot read card file "${file}": ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      'card',
      `Cannot read card file "${file}": not JSON (${(error as Error).message})`,
    );
  }
}

const bytes = (n: number | undefined) =>
  n === undefined
    ? undefined
    : n >= 1e9
      ? `${(n / 1e9).toFixed(2)} GB`
      : n >= 1e6
        ? `${(n / 1e6).toFixed(1)} MB`
        : `${n} B`;

export function cardText(card: CroissantCard): string {
  const f = cardFacets(card);
  return fields([
    ['name', card.name],
    ['description', card.description],
    [
      'licence',
      [card.license]
        .flat()
        .map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))
        .join(', '),
    ],
    [
      'creator',
      [card.creator]
        .flat()
        .map((c) => c.name)
        .join(', '),
    ],
    ['published', card.datePublished],
    ['task', f.tasks.join(', ')],
    ['modality', f.modalities.join(', ')],
    ['size', bytes(f.sizeBytes)],
    ['files', card.distribution.map((d) => `${d['@id'] ?? d.name ?? '?'} (${d.encodingFormat})`).join(', ')],
    ['fields', f.fields.map((x) => `${x.id} ${x.dataTypes.join('|')}`).join(', ')],
    ['splits', f.splits.join(', ')],
  ]);
}

export function registerCard(program: Command): void {
  const card = program
    .command('card')
    .description('Croissant dataset cards: import, export, check and search');

  apiVerb(card, {
    name: 'import',
    description: 'Attach a Croissant card to a dataset (validated by the node; makes a new version)',
    examples: ['foedera card import --dataset urn:uuid:6a1f… card.json --home fed/FRA --user alice'],
  })
    .requiredOption('--dataset <id>', 'dataset IRI')
    .argument('<file>', 'Croissant card (JSON-LD)')
    .action(async (file: string, options: DatasetOption) => {
      const body = await readJsonFile(file);
      const client = await clientFor(options);
      const dataset = await client.call<CatalogDataset & { card?: CroissantCard; version?: string }>({
        action: `import the card of dataset "${options.dataset}"`,
        method: 'PUT',
        path: `/v1/datasets/${encodeURIComponent(options.dataset)}/card`,
        body,
      });
      emit(options, dataset, (d) =>
        [
          `Card imported for ${d.id}`,
          fields([['version', d.version]]),
          d.card === undefined ? '' : cardText(d.card),
        ]
          .filter((l) => l !== '')
          .join('\n'),
      );
    });

  apiVerb(card, {
    name: 'export',
    description: "Write a dataset's Croissant card (JSON-LD) to stdout or a file",
    examples: [
      'foedera card export --dataset urn:uuid:6a1f… --home fed/FRA --user alice > card.json',
      'foedera card export --dataset urn:uuid:6a1f… --output card.json --home fed/FRA --user alice',
    ],
  })
    .requiredOption('--dataset <id>', 'dataset IRI')
    .option('--output <file>', 'write the card to this file instead of stdout')
    .action(async (options: DatasetOption & { output?: string }) => {
      const client = await clientFor(options);
      const exported = await client.call<CroissantCard>({
        action: `export the card of dataset "${options.dataset}"`,
        path: `/v1/datasets/${encodeURIComponent(options.dataset)}/card`,
      });
      const text = `${JSON.stringify(exported, null, 2)}\n`;
      if (options.output !== undefined) {
        await writeFile(options.output, text);
        emit(
          options,
          { dataset: options.dataset, file: options.output },
          () => `${cardText(exported)}\nWritten to ${options.output}`,
        );
      } else process.stdout.write(text);
    });

  card
    .command('check')
    .description('Validate a Croissant card file without a node; names the first wrong field')
    .argument('<file>', 'Croissant card (JSON-LD)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  $ foedera card check card.json\n')
    .action(async (file: string, options: { json?: boolean }) => {
      const read = readCard(await readJsonFile(file));
      if (!read.ok) throw new InvalidInputError(read.field, read.detail);
      emit(
        options,
        { valid: true, facets: cardFacets(read.value) },
        () => `Valid Croissant card\n${cardText(read.value)}`,
      );
    });

  apiVerb(card, {
    name: 'search',
    description:
      'Find datasets by their card: task, modality, total size and field (this node and, with --federated, peers)',
    examples: [
      'foedera card search --task object-detection --modality image --federated --home fed/DEU --user alice',
      'foedera card search --field bbox --min-bytes 1000000 --home fed/FRA --user alice --json',
    ],
  })
    .option('--task <task>', 'ML task, e.g. object-detection')
    .option('--modality <modality>', 'image, text, audio, video, tabular or geospatial')
    .option('--min-bytes <n>', 'total file size at least', positiveInteger('min-bytes'))
    .option('--max-bytes <n>', 'total file size at most', positiveInteger('max-bytes'))
    .option('--field <name>', 'a field of the card, by name or id')
    .option('--federated', "also search the cache of the peers' catalogs")
    .action(
      async (
        options: ApiOptions & {
          task?: string;
          modality?: string;
          minBytes?: number;
          maxBytes?: number;
          field?: string;
          federated?: boolean;
        },
      ) => {
        const client = await clientFor(options);
        const page = await client.call<{ items: CatalogItem[] }>({
          action: 'search the catalog by card',
          path: '/v1/catalog',
          query: {
            task: options.task,
            modality: options.modality,
            minBytes: options.minBytes,
            maxBytes: options.maxBytes,
            field: options.field,
            ...(options.federated === true ? {} : { peer: 'local' }),
          },
        });
        const rows = page.items.map(entryOf);
        if (rows.length === 0) note(options, 'No dataset has a card that matches');
        emit(options, page, () => (rows.length === 0 ? '' : datasetTable(rows)));
      },
    );
}
