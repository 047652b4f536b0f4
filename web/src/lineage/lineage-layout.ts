/**
 * Places the versions of a lineage graph in columns by generation: the focus in the middle, its inputs to the left
 * (their inputs further left), what was derived from it to the right. Pure, so the picture is testable.
 */
import type { paths } from '../api/schema.d.ts';

export type LineageGraph = paths['/v1/lineage/{id}']['get']['responses'][200]['content']['application/json'];
export type GraphNode = LineageGraph['@graph'][number];

export type Box = {
  readonly id: string;
  readonly title: string;
  readonly classification: string;
  readonly kind: string;
  readonly local: boolean;
  readonly holder: string;
  readonly generation: number;
  readonly x: number;
  readonly y: number;
};
export type Edge = { readonly from: string; readonly to: string; readonly activity?: string };
export type Step = {
  readonly derived: string;
  readonly inputs: readonly string[];
  readonly activity?: { type: string; started: string; ended: string; agent: string };
};
export type Layout = {
  readonly boxes: readonly Box[];
  readonly edges: readonly Edge[];
  readonly steps: readonly Step[];
  readonly width: number;
  readonly height: number;
};

export const BOX = { width: 230, height: 62, columnGap: 150, rowGap: 22, margin: 16 } as const;

const isEntity = (n: GraphNode): boolean => [n['@type']].flat().includes('prov:Entity');
const kindOf = (n: GraphNode): string =>
  ([n['@type']].flat().find((t) => t.startsWith('foedera:')) ?? 'foedera:Version')
    .replace('foedera:', '')
    .replace(/Version$/, '')
    .toLowerCase();

export function layoutLineage(graph: LineageGraph): Layout {
  const nodes = new Map(graph['@graph'].map((n) => [n['@id'], n]));
  const entities = graph['@graph'].filter(isEntity);
  const inputsOf = (id: string) => (nodes.get(id)?.['prov:wasDerivedFrom'] ?? []).map((r) => r['@id']);
  const generation = new Map<string, number>([[graph['foedera:focus']['@id'], 0]]);
  // Upstream: one column further left per derivation step; downstream: one further right.
  let frontier = [graph['foedera:focus']['@id']];
  for (let g = -1; frontier.length > 0 && g > -64; g--) {
    frontier = frontier.flatMap(inputsOf).filter((id) => nodes.has(id) && !generation.has(id));
    for (const id of frontier) generation.set(id, g);
  }
  frontier = [graph['foedera:focus']['@id']];
  for (let g = 1; frontier.length > 0 && g < 64; g++) {
    const here = new Set(frontier);
    frontier = entities
      .filter((e) => !generation.has(e['@id']) && inputsOf(e['@id']).some((i) => here.has(i)))
      .map((e) => e['@id']);
    for (const id of frontier) generation.set(id, g);
  }
  const placed = entities.filter((e) => generation.has(e['@id']));
  const min = Math.min(0, ...placed.map((e) => generation.get(e['@id']) ?? 0));
  const rows = new Map<number, number>();
  const boxes: Box[] = placed
    .sort((a, b) => (a['dct:title'] ?? '').localeCompare(b['dct:title'] ?? ''))
    .map((e) => {
      const g = generation.get(e['@id']) ?? 0;
      const row = rows.get(g) ?? 0;
      rows.set(g, row + 1);
      return {
        id: e['@id'],
        title: e['dct:title'] ?? e['@id'],
        classification: e['foedera:classification'] ?? '',
        kind: kindOf(e),
        local: e['foedera:local'] !== false,
        holder: e['prov:wasAttributedTo']?.['@id'] ?? '',
        generation: g,
        x: BOX.margin + (g - min) * (BOX.width + BOX.columnGap),
        y: BOX.margin + row * (BOX.height + BOX.rowGap),
      };
    });
  const activityType = (id: string | undefined) =>
    id === undefined ? undefined : nodes.get(id)?.['foedera:activityType'];
  const edges: Edge[] = [];
  const steps: Step[] = [];
  for (const box of boxes) {
    const node = nodes.get(box.id);
    const inputs = inputsOf(box.id).filter((i) => generation.has(i));
    if (inputs.length === 0) continue;
    const activityId = node?.['prov:wasGeneratedBy']?.['@id'];
    const type = activityType(activityId);
    for (const input of inputs)
      edges.push({ from: input, to: box.id, ...(type === undefined ? {} : { activity: type }) });
    const activity = activityId === undefined ? undefined : nodes.get(activityId);
    steps.push({
      derived: box.id,
      inputs,
      ...(activity === undefined
        ? {}
        : {
            activity: {
              type: activity['foedera:activityType'] ?? 'activity',
              started: activity['prov:startedAtTime']?.['@value'] ?? '',
              ended: activity['prov:endedAtTime']?.['@value'] ?? '',
              agent: activity['prov:wasAssociatedWith']?.['@id'] ?? '',
            },
          }),
    });
  }
  const columns = new Set(boxes.map((b) => b.generation)).size;
  const tallest = Math.max(1, ...rows.values());
  return {
    boxes,
    edges,
    steps: steps.sort(
      (a, b) =>
        (boxes.find((x) => x.id === a.derived)?.generation ?? 0) -
        (boxes.find((x) => x.id === b.derived)?.generation ?? 0),
    ),
    width: BOX.margin * 2 + columns * BOX.width + (columns - 1) * BOX.columnGap,
    height: BOX.margin * 2 + tallest * BOX.height + (tallest - 1) * BOX.rowGap,
  };
}
