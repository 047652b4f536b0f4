/**
 * `foedera lineage`: what an artefact was made from. `show` prints the W3C PROV graph of a version or artefact as a
 * tree of its inputs (or JSON-LD with --json), `versions` lists a dataset's immutable versions, `derive` records a
 * derived artefact (e.g. a model) from a JSON file of its inputs and activity.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, type ApiOptions } from '../client/api-verb.ts';
import { emit } from '../output/print.ts';
import { table } from '../output/table.ts';
import type { LineageGraph } from '../../lineage/index.ts';

type Node = LineageGraph['@graph'][number];
type Entity = Extract<Node, { 'dct:title': string }>;
type Activity = Extract<Node, { '@type': 'prov:Activity' }>;

/** The graph as an indented tree from the focus down to its inputs, each with its label and activity. */
export function lineageText(graph: LineageGraph): string {
  const nodes = new Map(graph['@graph'].map((n) => [n['@id'], n]));
  const lines: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number) => {
    const node = nodes.get(id);
    const pad = '  '.repeat(depth);
    if (node === undefined || !('dct:title' in node)) {
      lines.push(`${pad}${id} (not on this node)`);
      return;
    }
    const entity = node as Entity;
    const where = entity['foedera:local'] ? '' : ` @ ${entity['prov:wasAttributedTo']['@id']}`;
    lines.push(
      `${pad}${depth === 0 ? '' : '← '}${entity['dct:title']} [${entity['foedera:classification']}]${where}`,
    );
    lines.push(`${pad}   ${entity['@id']}`);
    if (seen.has(id)) return;
    seen.add(id);
    const activityId = entity['prov:wasGeneratedBy']?.['@id'];
    const activity = activityId === undefined ? undefined : (nodes.get(activityId) as Activity | undefined);
    if (activity !== undefined) {
      lines.push(
        `${pad}   made by ${activity['foedera:activityType']} (${activity['prov:startedAtTime']['@value']} – ` +
          `${activity['prov:endedAtTime']['@value']}, ${activity['prov:wasAssociatedWith']['@id']})`,
      );
    }
    for (const input of entity['prov:wasDerivedFrom'] ?? []) visit(input['@id'], depth + 1);
  };
  visit(graph['foedera:focus']['@id'], 0);
  const downstream = graph['@graph'].filter(
    (n): n is Entity =>
      'prov:wasDerivedFrom' in n &&
      (n['prov:wasDerivedFrom'] ?? []).some((r) => r['@id'] === graph['foedera:focus']['@id']),
  );
  if (downstream.length > 0)
    lines.push('used by:', ...downstream.map((d) => `  → ${d['dct:title']} ${d['@id']}`));
  if (graph['foedera:truncated']) lines.push('(graph truncated)');
  return lines.join('\n');
}

type VersionRow = {
  id: string;
  title: string;
  recordedAt: string;
  previous?: string;
  label: { classification: string };
};

export function registerLineage(program: Command): void {
  const lineage = program
    .command('lineage')
    .description('Versions and lineage of datasets, models and results');

  apiVerb(lineage, {
    name: 'show',
    description: 'Show the lineage (W3C PROV) of a version or of the latest version of an artefact',
    examples: [
      'foedera lineage show urn:uuid:model-7 --home fed/FRA --user alice',
      'foedera lineage show sha256:3f1c… --home fed/FRA --user alice --json',
    ],
  })
    .argument('<id>', 'version id (sha256:…) or artefact IRI')
    .action(async (id: string, options: ApiOptions) => {
      const graph = await (
        await clientFor(options)
      ).call<LineageGraph>({
        action: `read the lineage of "${id}"`,
        path: `/v1/lineage/${encodeURIComponent(id)}`,
      });
      emit(options, graph, lineageText);
    });

  apiVerb(lineage, {
    name: 'versions',
    description: "List a dataset's versions, oldest first",
    examples: ['foedera lineage versions --dataset urn:uuid:6a1f… --home fed/FRA --user alice'],
  })
    .requiredOption('--dataset <id>', 'dataset IRI')
    .action(async (options: ApiOptions & { dataset: string }) => {
      const page = await (
        await clientFor(options)
      ).call<{ items: VersionRow[] }>({
        action: `list the versions of "${options.dataset}"`,
        path: `/v1/datasets/${encodeURIComponent(options.dataset)}/versions`,
      });
      emit(options, page, (p) =>
        table(p.items, [
          { header: 'recorded', value: (v) => v.recordedAt },
          { header: 'label', value: (v) => v.label.classification },
          { header: 'title', value: (v) => v.title },
          { header: 'version', value: (v) => v.id },
        ]),
      );
    });

  apiVerb(lineage, {
    name: 'derive',
    description:
      'Record a derived artefact from a JSON file { artefact, kind, title, inputs, activity, label?, policies? }; ' +
      'its label defaults to the high-water mark of the inputs, and a weaker one is refused',
    examples: ['foedera lineage derive model.json --home fed/FRA --user alice'],
  })
    .argument('<file>', 'JSON description of the derivation')
    .action(async (file: string, options: ApiOptions) => {
      let body: unknown;
      try {
        body = JSON.parse(await readFile(file, 'utf8')) as unknown;
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT')
          throw new FoederaError(
            'file-unreadable',
            `Cannot read derivation file "${file}": it does not exist`,
          );
        throw new InvalidInputError(
          'file',
          `Cannot read derivation file "${file}": ${(error as Error).message}`,
        );
      }
      const made = await (
        await clientFor(options)
      ).call<{ version: string; activity: string; label: { policy: string; classification: string } }>({
        action: 'record the derived artefact',
        path: '/v1/lineage/derivations',
        body,
      });
      emit(
        options,
        made,
        (m) => `Recorded version ${m.version}\nlabel: ${m.label.classification}\nactivity: ${m.activity}`,
      );
    });
}
