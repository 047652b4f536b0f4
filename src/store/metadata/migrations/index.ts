/**
 * Every migration of the metadata schema, in order. One file per migration, named `NNNN-<module>-<what>.ts`,
 * exporting `up` (and `down`); add one line below. Numbers are ranged per module so that modules never collide:
 * store 0001-0099, trust/node 0100-0199, audit 0200-0299, protocol/catalog 0300-0399, dataplane 0400-0499,
 * ai 0500-0599. A static list, not a directory scan, so that the set of migrations is what the code says.
 */
import type { Migration } from 'kysely';

export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001-store-meta', await import('./0001-store-meta.ts')],
  ['0100-trust-events', await import('./0100-trust-events.ts')],
  ['0200-audit-log', await import('./0200-audit-log.ts')],
  ['0210-audit-peer-keys', await import('./0210-audit-peer-keys.ts')],
  ['0300-protocol-processes', await import('./0300-protocol-processes.ts')],
  ['0310-catalog-datasets', await import('./0310-catalog-datasets.ts')],
  ['0320-protocol-participant-evidence', await import('./0320-protocol-participant-evidence.ts')],
  ['0330-catalog-peer-endpoint', await import('./0330-catalog-peer-endpoint.ts')],
  ['0400-dataplane-objects', await import('./0400-dataplane-objects.ts')],
  ['0410-dataplane-transfers', await import('./0410-dataplane-transfers.ts')],
  ['0500-lineage-versions', await import('./0500-lineage-versions.ts')],
  ['0550-compute-runs', await import('./0550-compute-runs.ts')],
];
