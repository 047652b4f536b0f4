/**
 * The audit entry of a catalog answer to a peer. Listing is a release decision taken on each dataset's label, so it
 * is recorded like any other: which datasets the requester was shown and which it was not. Withheld ids stay in this
 * node's own log; the answer itself never names them.
 */
import type { AuditEntryInput } from '../audit/entry/entry.ts';

export function catalogReleaseEntry(options: {
  node: string;
  requester: string;
  now: Date;
  /** The ids on the page answered. */
  released: readonly string[];
  /** The ids the requester may not learn of; give them once per listing (its first page) or per lookup. */
  withheld: readonly string[];
  /** The DSP operation: a catalog page or a lookup of one dataset. */
  request: { kind: 'catalog'; offset: number } | { kind: 'dataset'; id: string };
}): AuditEntryInput {
  const { request } = options;
  return {
    time: options.now.toISOString(),
    node: options.node,
    kind: 'catalog.released',
    actor: `participant:${options.requester}`,
    subject: request.kind === 'catalog' ? 'catalog' : `dataset:${request.id}`,
    details: {
      ...(request.kind === 'catalog' ? { offset: request.offset } : {}),
      released: [...options.released],
      withheld: [...options.withheld],
    },
  };
}
