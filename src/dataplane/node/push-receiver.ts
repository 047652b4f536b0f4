/**
 * The consumer's side of a push transfer, on the data plane's protocol surface (mutual TLS):
 *   PUT /transfers/:pid/objects/:objectId                 the provider sends the manifest; answers the missing segments
 *   PUT /transfers/:pid/objects/:objectId/segments/:hash  the provider sends one segment (octet stream)
 * `:pid` is this node's process id, which its TransferRequestMessage's DataAddress named. A push is accepted only
 * from that transfer's provider, while the transfer is STARTED, under its own agreement (active, between the two),
 * with a manifest the provider signed and whose label binding verifies; each segment is kept only when its SHA-256
 * is the manifest's. The manifest sent again once every segment is held marks the object received
 * (`dataset.received`) in one transaction; the provider then completes the transfer process. What arrived is the blob store, so a resumed push sends only the rest.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { Refusal } from '../../http/refusal.ts';
import type { NodeContext } from '../../node/context.ts';
import type { Participant } from '../../policy/request.ts';
import '../../protocol/store/tables.ts';
import { transferFromRow } from '../../protocol/store/rows.ts';
import type { Transfer } from '../../protocol/transfer/transfer.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { verifyManifest } from '../format/verify-manifest.ts';
import '../service/tables.ts';
import {
  completeIfWhole,
  findReceived,
  missingSegments,
  receiveSegment,
  recordReceiving,
} from '../transfer/receive.ts';
import { PUSH_FORMAT } from './data-address.ts';
import type { DataPlaneNode } from './dataplane-node.ts';

/** Reasons only the push receiver refuses with (the pusher retries `transfer-not-started`: a suspension). */
export const PUSH_RECEIVE_REASONS: Readonly<Record<string, number>> = {
  'unknown-transfer': 404,
  'transfer-not-started': 409,
  'agreement-mismatch': 409,
};

const TransferObjectParams = Type.Object({
  pid: Type.String({ minLength: 1, maxLength: 512 }),
  objectId: Type.String({ minLength: 1, maxLength: 256 }),
});
const TransferSegmentParams = Type.Object({
  pid: Type.String({ minLength: 1, maxLength: 512 }),
  objectId: Type.String({ minLength: 1, maxLength: 256 }),
  hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
const ManifestBody = Type.Object({
  agreementId: Type.String({ minLength: 1, maxLength: 512 }),
  manifest: Type.Unknown(),
});

type Accepted = { readonly transfer: Transfer; readonly agreementId: string };

export function pushReceiverRoutes(options: {
  context: Pick<NodeContext, 'clock'> & {
    readonly stores: Pick<NodeContext['stores'], 'metadata' | 'blobs'>;
  };
  node: Pick<DataPlaneNode, 'participant' | 'agreements' | 'labelBinder' | 'audit'> & {
    readonly keys: Pick<DataPlaneNode['keys'], 'lookup'>;
  };
  /** The calling participant as mutual TLS established it. */
  peerOf: (request: FastifyRequest) => Participant;
}): FastifyPluginAsync {
  const { context, node } = options;
  const db = context.stores.metadata.db;

  /** The push transfer `pid` of this node, if `peer` is its provider and may write into it now. */
  async function accepting(peer: Participant, pid: string): Promise<Result<Accepted>> {
    const row = await db.selectFrom('dsp_transfer').selectAll().where('pid', '=', pid).executeTakeFirst();
    const what = `Cannot accept a push into transfer "${pid}"`;
    // Unknown, another provider's and a pull transfer answer alike: the caller learns nothing of them.
    if (
      row === undefined ||
      row.role !== 'consumer' ||
      row.counterparty !== peer.id ||
      row.format !== PUSH_FORMAT
    )
      return err('unknown-transfer', `${what}: no push transfer from ${peer.id}`);
    const transfer = transferFromRow(row);
    if (transfer.state !== 'STARTED') return err('transfer-not-started', `${what}: it is ${transfer.state}`);
    const agreement = await node.agreements(transfer.agreementId);
    if (agreement === undefined || agreement.consumer !== node.participant || agreement.provider !== peer.id)
      return err('not-agreement-party', `${what}: ${peer.id} is not the provider of its agreement`);
    if (agreement.state !== 'active')
      return err('agreement-not-active', `${what}: its agreement is ${agreement.state}`);
    return ok({ transfer, agreementId: transfer.agreementId });
  }

  /** Marks the transfer's object received, once, with its audit entry. */
  async function received(pid: string, accepted: Accepted, objectId: string): Promise<void> {
    const now = context.clock();
    await context.stores.metadata.transaction(async (trx) => {
      const updated = await trx
        .updateTable('dataplane_inbound')
        .set({ state: 'received', error: null, updated_at: now })
        .where('transfer_pid', '=', pid)
        .where('state', '=', 'receiving')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return;
      await node.audit(trx, {
        time: now.toISOString(),
        node: node.participant,
        kind: 'dataset.received',
        actor: `participant:${accepted.transfer.counterparty}`,
        subject: `transfer:${pid}`,
        details: { object: objectId, agreement: accepted.agreementId, flow: 'push' },
      });
    });
  }

  return async (app) => {
    // The octet-stream parser that hands segments over unbuffered is the transfer routes' (same plugin scope).
    app.put<{ Params: Static<typeof TransferObjectParams>; Body: Static<typeof ManifestBody> }>(
      '/transfers/:pid/objects/:objectId',
      { schema: { params: TransferObjectParams, body: ManifestBody } },
      async (request, reply) => {
        const { pid, objectId } = request.params;
        const peer = options.peerOf(request);
        const accepted = await accepting(peer, pid);
        if (!accepted.ok) throw new Refusal(accepted);
        if (request.body.agreementId !== accepted.value.agreementId) {
          throw new Refusal(
            err(
              'agreement-mismatch',
              `Cannot accept "${objectId}" into "${pid}": it runs under another agreement`,
            ),
          );
        }
        const verified = await verifyManifest(request.body.manifest, {
          lookup: node.keys.lookup,
          labelBinder: node.labelBinder,
          expectedObjectId: objectId,
        });
        if (!verified.ok) throw new Refusal(verified);
        if (verified.value.body.owner !== peer.id) {
          throw new Refusal(
            err('not-agreement-party', `Cannot accept "${objectId}": ${peer.id} does not own it`),
          );
        }
        const recorded = await recordReceiving(db, {
          manifest: verified.value,
          agreementId: accepted.value.agreementId,
        });
        if (!recorded.ok) throw new Refusal(recorded);
        const transfer = accepted.value.transfer;
        await db
          .insertInto('dataplane_inbound')
          .values({
            transfer_pid: pid,
            agreement_id: transfer.agreementId,
            provider: transfer.counterparty,
            endpoint: transfer.counterpartyAddress,
            object_id: objectId,
            state: 'receiving',
            error: null,
          })
          // The provider may have put newer content since an earlier attempt: the transfer carries that one.
          .onConflict((conflict) =>
            conflict
              .column('transfer_pid')
              .doUpdateSet({ object_id: objectId, updated_at: context.clock() })
              .where('dataplane_inbound.state', '=', 'receiving'),
          )
          .execute();
        const missing = await missingSegments(context.stores.blobs, verified.value);
        if (missing.length === 0) {
          // Every segment is held: the object is whole (the provider's closing round, or an earlier attempt's).
          await completeIfWhole(db, {
            blobs: context.stores.blobs,
            manifest: verified.value,
            now: context.clock(),
          });
          await received(pid, accepted.value, objectId);
        }
        return reply.send({ missing });
      },
    );

    app.put<{ Params: Static<typeof TransferSegmentParams> }>(
      '/transfers/:pid/objects/:objectId/segments/:hash',
      { schema: { params: TransferSegmentParams } },
      async (request, reply) => {
        const { pid, objectId, hash } = request.params;
        const peer = options.peerOf(request);
        const accepted = await accepting(peer, pid);
        if (!accepted.ok) throw new Refusal(accepted);
        const inbound = await db
          .selectFrom('dataplane_inbound')
          .select('object_id')
          .where('transfer_pid', '=', pid)
          .executeTakeFirst();
        const object = inbound?.object_id === objectId ? await findReceived(db, objectId) : undefined;
        const segment = object?.manifest.body.integrity.segments.find((s) => s.hash === hash);
        if (object === undefined || segment === undefined) {
          throw new Refusal(
            err(
              'unknown-segment',
              `Cannot accept segment ${hash} into "${pid}": not part of its object "${objectId}"`,
            ),
          );
        }
        const stored = await receiveSegment(context.stores.blobs, {
          segment,
          source: request.body as AsyncIterable<Uint8Array>,
        });
        if (!stored.ok) throw new Refusal(stored);
        // Whether the object is whole is answered when the provider sends the manifest again after its last
        // segment: one pass over the store per round, not one per segment.
        return reply.send({ kept: hash });
      },
    );
  };
}
