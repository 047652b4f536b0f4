/**
 * `foedera catalog`: search this node's datasets and, with `--federated`, the cache of the peers' catalogs (each
 * peer lists only what its labels let this participant see); `foedera catalog refresh` fetches a peer's catalog.
 */
import type { Command } from 'commander';
import { defaultPolicyRegistry } from '../../labels/policy-registry.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import { dspAddress } from '../client/dsp-address.ts';
import type { CatalogDataset, CatalogItem, CatalogQuery } from '../client/views.ts';
import { emit } from '../output/print.ts';
import { withSpinner } from '../output/progress.ts';
import { datasetTable } from './dataset.ts';

type SearchOptions = ApiOptions & {
  federated?: boolean;
  peer?: string;
  text?: string;
  publisher?: string;
  label?: string;
  releasableTo?: string;
  format?: string;
  limit?: number;
  offset?: number;
};

/** A catalog hit as one shape: the dataset, and the peer whose catalog listed it (absent for this node's own). */
export function entryOf(item: CatalogItem): { dataset: CatalogDataset; peer?: string } {
  return 'peer' in item && 'dataset' in item
    ? { dataset: item.dataset, peer: item.peer }
    : { dataset: item as CatalogDataset };
}

/** A level the registry does not know would silently match nothing: refuse it, naming the levels. */
function knownLevel(value: string): string {
  const at = value.indexOf(':');
  const policy = defaultPolicyRegistry.get(value.slice(0, Math.max(at, 0)));
  if (policy === undefined) {
    const ids = defaultPolicyRegistry.policies.map((p) => p.id).join(', ');
    throw new InvalidInputError(
      'label',
      `Invalid --label "${value}": expected POLICY:LEVEL with a policy of ${ids}`,
    );
  }
  if (!policy.levelIndex.has(value.slice(at + 1))) {
    const levels = policy.levels.map((l) => `"${l.name}"`).join(', ');
    throw new InvalidInputError(
      'label',
      `Invalid --label "${value}": policy ${policy.id} has no such level (${levels})`,
    );
  }
  return value;
}

function query(options: SearchOptions): CatalogQuery {
  const q: CatalogQuery = {};
  // Without --federated (or --peer) only this node's own datasets: the cache may be large and is fetched on demand.
  const peer = options.peer ?? (options.federated === true ? undefined : 'local');
  if (peer !== undefined) q.peer = peer;
  if (options.text !== undefined) q.q = options.text;
  if (options.publisher !== undefined) q.publisher = options.publisher;
  if (options.label !== undefined) q.classification = knownLevel(options.label);
  if (options.releasableTo !== undefined) q.releasableTo = options.releasableTo;
  if (options.format !== undefined) q.format = options.format;
  if (options.limit !== undefined) q.limit = options.limit;
  if (options.offset !== undefined) q.offset = options.offset;
  return q;
}

export function registerCatalog(program: Command): void {
  const catalog = apiVerb(program, {
    name: 'catalog',
    description: "Search this node's datasets and (--federated) the cached catalogs of its peers",
    examples: [
      'foedera catalog --home fed/DEU --user dora --federated --text fuel --label "NATO:NATO SECRET"',
      'foedera catalog refresh --home fed/DEU --user dora --peer FRA --address https://fra.example.eu:8443',
    ],
  })
    // `catalog refresh --peer` is the sub-verb's option, not the search's (the program parses options positionally).
    .enablePositionalOptions()
    .option('--federated', "include the peers' cached catalogs")
    .option('--peer <id>', 'only the cached catalog of this peer (participant id)')
    .option('--text <words>', 'words of the title, description or keywords')
    .option('--publisher <id>', 'only datasets of this publisher')
    .option('--label <policy:level>', 'only datasets classified at most this, e.g. "NATO:NATO SECRET"')
    .option('--releasable-to <alpha3>', 'only datasets releasable to this nation')
    .option('--format <format>', 'only datasets with a distribution of this format or media type')
    .option('--limit <n>', 'at most this many (1-500)', positiveInteger('limit'))
    .option('--offset <n>', 'skip this many', (v) => (v === '0' ? 0 : positiveInteger('offset')(v)))
    .action(async (options: SearchOptions) => {
      const page = await (await clientFor(options)).searchCatalog(query(options));
      emit(options, page, (p) =>
        [
          datasetTable(p.items.map(entryOf)),
          ...(p.next === undefined ? [] : [`(more: --offset ${p.next})`]),
        ].join('\n'),
      );
    });

  apiVerb(catalog, {
    name: 'refresh',
    description: "Fetch a peer's catalog over mutual TLS into this node's federated cache",
    examples: [
      'foedera catalog refresh --home fed/DEU --user dora --peer FRA --address https://127.0.0.1:8443',
    ],
  })
    .requiredOption('--peer <id>', 'participant id the peer must prove to be (its certificate)')
    .requiredOption(
      '--address <url>',
      "the peer's protocol endpoint (https://host:port, /dsp added if absent)",
    )
    .action(async (options: ApiOptions & { peer: string; address: string }) => {
      const url = dspAddress(options.address);
      const client = await clientFor(options);
      const result = await withSpinner(`fetching the catalog of ${options.peer}`, () =>
        client.refreshCatalog({ peer: options.peer, url }),
      );
      emit(
        options,
        result,
        (r) =>
          `Fetched ${r.datasets} dataset${r.datasets === 1 ? '' : 's'} from ${r.peer}${r.skipped.length === 0 ? '' : ` (${r.skipped.length} skipped)`}`,
      );
    });
}
