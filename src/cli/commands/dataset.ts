/** `foedera dataset create|get|list|update|delete`: the node's own datasets, each with its label and offers. */
import type { Command } from 'commander';
import { participantUri } from '../../trust/participant-identity.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import type { ManagementClient } from '../client/management-client.ts';
import type { CatalogDataset } from '../client/views.ts';
import { addDatasetFlags, datasetFromFlags, type DatasetFlags } from '../dataset/dataset-flags.ts';
import { labelBanner } from '../output/banner.ts';
import { emit } from '../output/print.ts';
import { fields, table } from '../output/table.ts';
import { offerSummary } from '../output/offer-summary.ts';

type PageOptions = ApiOptions & { limit?: number; offset?: number };

export function datasetText(d: CatalogDataset): string {
  return [
    labelBanner(d.label),
    fields([
      ['id', d.id],
      ['title', d.title],
      ['description', d.description],
      ['keywords', d.keywords.join(', ')],
      ['publisher', d.publisher],
      ['issued', d.issued],
      ['modified', d.modified],
      [
        'distributions',
        d.distributions
          .map((x) =>
            [x.format, x.mediaType, x.byteSize === undefined ? undefined : `${x.byteSize} B`]
              .filter(Boolean)
              .join(' '),
          )
          .join('; '),
      ],
      ...d.offers.map((o, i) => [`offer ${i + 1}`, `${o['@id']}: ${offerSummary(o)}`] as const),
      ['label bound', d.labelBinding === undefined ? 'no' : `yes (${d.labelBinding.version})`],
    ]),
    labelBanner(d.label),
  ].join('\n');
}

export function datasetTable(rows: readonly { dataset: CatalogDataset; peer?: string }[]): string {
  if (rows.length === 0) return 'No datasets';
  return table(rows, [
    { header: 'label', value: (r) => labelBanner(r.dataset.label) },
    { header: 'title', value: (r) => r.dataset.title },
    { header: 'publisher', value: (r) => r.peer ?? r.dataset.publisher },
    {
      header: 'formats',
      value: (r) => [...new Set(r.dataset.distributions.map((d) => d.mediaType ?? d.format))].join(', '),
    },
    { header: 'id', value: (r) => r.dataset.id },
  ]);
}

async function originatorOf(client: ManagementClient): Promise<string> {
  return participantUri(client.connection.participant ?? (await client.me()).participant);
}

export function registerDataset(program: Command): void {
  const dataset = program
    .command('dataset')
    .description("Publish and manage this node's datasets: metadata, confidentiality label and usage offers");

  addDatasetFlags(
    apiVerb(dataset, {
      name: 'create',
      description: 'Publish a dataset with its label and offer (from flags, a JSON file, or both)',
      examples: [
        'foedera dataset create --home fed/FRA --user alice --title "Fuel consumption 2026" --format HttpData-PULL --media-type application/parquet --classification "NATO:NATO RESTRICTED" --releasable-to FRA,DEU --purpose logistics-planning',
        'foedera dataset create --home fed/FRA --user alice --file dataset.json --releasable-to FRA,DEU,ITA',
      ],
    }).option('--id <iri>', 'dataset IRI (default: a new urn:uuid)'),
  ).action(async (options: ApiOptions & DatasetFlags) => {
    const client = await clientFor(options);
    const body = await datasetFromFlags(options, { originator: await originatorOf(client), create: true });
    emit(options, await client.createDataset(body), datasetText);
  });

  apiVerb(dataset, {
    name: 'get',
    description: 'Show one dataset of this node',
    examples: ['foedera dataset get urn:uuid:6a1f… --home fed/FRA --user alice'],
  })
    .argument('<id>', 'dataset IRI')
    .action(async (id: string, options: ApiOptions) => {
      emit(options, await (await clientFor(options)).getDataset(id), datasetText);
    });

  apiVerb(dataset, {
    name: 'list',
    description: "List this node's datasets",
    examples: [
      'foedera dataset list --home fed/FRA --user alice',
      'foedera dataset list --url http://127.0.0.1:8081 --token "$T" --json',
    ],
  })
    .option('--limit <n>', 'at most this many (1-500)', positiveInteger('limit'))
    .option('--offset <n>', 'skip this many', (v) => (v === '0' ? 0 : positiveInteger('offset')(v)))
    .action(async (options: PageOptions) => {
      const page = await (
        await clientFor(options)
      ).listDatasets({
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.offset === undefined ? {} : { offset: options.offset }),
      });
      emit(options, page, (p) =>
        [
          datasetTable(p.items.map((d) => ({ dataset: d }))),
          ...(p.next === undefined ? [] : [`(more: --offset ${p.next})`]),
        ].join('\n'),
      );
    });

  addDatasetFlags(
    apiVerb(dataset, {
      name: 'update',
      description:
        'Change a dataset: the given flags or file fields replace the current ones; the label is bound anew',
      examples: [
        'foedera dataset update urn:uuid:6a1f… --home fed/FRA --user alice --releasable-to FRA,DEU,ITA',
        'foedera dataset update urn:uuid:6a1f… --home fed/FRA --user alice --offer-file offer.json',
      ],
    }).argument('<id>', 'dataset IRI'),
  ).action(async (id: string, options: ApiOptions & DatasetFlags) => {
    const client = await clientFor(options);
    const current = await client.getDataset(id);
    const body = await datasetFromFlags(
      { ...options, id },
      { base: current, originator: await originatorOf(client), create: false },
    );
    emit(options, await client.replaceDataset(body), datasetText);
  });

  apiVerb(dataset, {
    name: 'delete',
    description: 'Withdraw a dataset from the catalog (agreements already made stay)',
    examples: ['foedera dataset delete urn:uuid:6a1f… --home fed/FRA --user alice'],
  })
    .argument('<id>', 'dataset IRI')
    .action(async (id: string, options: ApiOptions) => {
      await (await clientFor(options)).deleteDataset(id);
      emit(options, { id, deleted: true }, () => `Dataset ${id} withdrawn`);
    });
}
