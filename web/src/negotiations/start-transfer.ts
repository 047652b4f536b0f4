/**
 * The body of `POST /v1/transfers` for a finalized negotiation this node asked for: the provider, its DSP address
 * when the peer book has one (else the node sends it where the provider's catalog says it listens, or where it
 * negotiated the agreement), the agreement, and the transfer type: a pull (what the demo's distributions offer), or a push
 * of the data by the provider into this node's data plane.
 */
import type { paths } from '../api/schema.d.ts';
import type { NegotiationRow } from '../api/resources.ts';
import type { PeerBook } from '../peers/peer-book.ts';

export type StartTransfer = paths['/v1/transfers']['post']['requestBody']['content']['application/json'];

export const PULL = 'HttpData-PULL';
export const PUSH = 'HttpData-PUSH';

export function transferRequest(
  row: NegotiationRow,
  peers: PeerBook,
  flow: 'pull' | 'push' = 'pull',
): { ok: true; body: StartTransfer } | { ok: false; reason: string } {
  if (row.state !== 'FINALIZED' || row.agreementId === undefined)
    return { ok: false, reason: 'Only a finalized negotiation has an agreement to transfer under' };
  if (row.role === 'provider')
    return { ok: false, reason: 'The consumer starts a transfer, not the provider' };
  const providerAddress = peers[row.counterparty];
  return {
    ok: true,
    body: {
      provider: row.counterparty,
      ...(providerAddress === undefined ? {} : { providerAddress }),
      agreementId: row.agreementId,
      format: flow === 'pull' ? PULL : PUSH,
    },
  };
}
