/**
 * The data plane's management API (`/v1/dataplane`, user token):
 *   PUT  /datasets/:id/content             stream a dataset's content in; it is sealed as an encrypted object
 *   POST /agreements/:agreementId/revocation   the provider revokes an agreement: later key requests fail, and its
 *                                          unfinished transfers are terminated (agreement-revoked) towards the consumer
 *   GET  /received                         objects this node received (or is receiving)
 *   GET  /transfers/:pid/progress          bytes and segments of a consumer transfer's object held so far
 *   GET  /transfers/:pid/plaintext         open the object a transfer delivered, for the token's user (streamed);
 *                                          `?purpose=` states the use's purpose (default: the negotiated one)
 *   GET  /objects/:objectId/plaintext      open a received object by its id, likewise
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { ProblemResponse } from '../../api/management-server.ts';
import { Refusal } from '../../http/refusal.ts';
import { userOf } from '../../http/request-guards.ts';
import type { NodeContext } from '../../node/context.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { protocolRuntime } from '../../protocol/node/runtime.ts';
import { err } from '../../shared/result.ts';
import '../service/tables.ts';
import { DATAPLANE_PATH } from '../node/data-address.ts';
import { dataPlaneNode, type DataPlaneNode } from '../node/dataplane-node.ts';
import { openAsStream, policyUserOf } from './open-stream.ts';
import { transferProgress } from './progress.ts';
import { putDatasetContent } from './put-content.ts';
import { terminateRevokedTransfers } from '../service/terminate-revoked-transfers.ts';
import {
  AgreementParams,
  DatasetParams,
  ObjectParams,
  OpenQuery,
  Progress,
  PutContentAnswer,
  ReceivedList,
  Revocation,
  RevocationBody,
  TransferParams,
} from './schemas.ts';

const tags = ['dataplane'];
const problems = { 400: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse, 409: ProblemResponse };

/** Reasons only this API refuses with; the transfer routes' table (DATAPLANE_REASONS) covers the owner's own. */
export const DATAPLANE_MANAGEMENT_REASONS: Readonly<Record<string, number>> = {
  'unknown-dataset': 404,
  'unknown-transfer': 404,
  'not-received': 409,
  'key-service-unreachable': 503,
  'no-lease': 403,
  'lease-expired': 403,
  'replayed-key-response': 502,
  'key-response-expired': 502,
  'key-response-invalid': 502,
  'key-response-mismatch': 502,
  'wrong-recipient': 502,
  'wrong-recipient-key': 502,
  'key-unwrap-failed': 502,
  'already-revoked': 409,
  'unsupported-media-type': 415,
  'object-unreadable': 500,
};

function actorOf(request: FastifyRequest): string {
  return `user:${userOf(request).subject}`;
}

async function sendPlaintext(
  options: { context: NodeContext; node: DataPlaneNode; objectId: string },
  request: FastifyRequest<{ Querystring: Static<typeof OpenQuery> }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { purpose } = request.query;
  const opened = await openAsStream({
    ...options,
    user: policyUserOf(userOf(request)),
    ...(purpose === undefined ? {} : { purpose }),
  });
  if (!opened.ok) throw new Refusal(opened);
  const { objectId, plaintextSize, via } = opened.value;
  // Written straight into the socket, each piece once the last was taken (the plaintext buffer is then reused), from
  // the first verified segment on: a failure before it is answered as a problem document.
  const sent = await opened.value.writeTo(() => {
    reply
      .type('application/octet-stream')
      .header('content-length', plaintextSize)
      .header('x-foedera-object', encodeURIComponent(objectId))
      .header('x-foedera-key-via', via)
      .header('cache-control', 'no-store')
      .hijack();
    reply.raw.writeHead(200, reply.getHeaders() as OutgoingHttpHeaders);
    return reply.raw;
  });
  // The node's own stored copy failed its check (altered at rest, or unreadable): a failure, not a refusal.
  if (!sent.ok && !reply.sent)
    throw new Refusal({ ok: false, reason: 'object-unreadable', detail: sent.detail, refusal: sent.reason });
  return reply;
}

export const dataPlaneManagementApi: RoutePlugin = {
  name: 'dataplane-management',
  surface: 'management',
  prefix: '/v1/dataplane',
  reasons: DATAPLANE_MANAGEMENT_REASONS,
  create: async (context) => {
    const node = await dataPlaneNode(context);
    const db = context.stores.metadata.db;
    // The owner's key service is on the protocol surface, beside the DSP endpoints the runtime names.
    const keyServiceUrl = () =>
      protocolRuntime(context).deps.address.replace(/\/dsp$/, `${DATAPLANE_PATH}/keys`);

    return async (app) => {
      // Uploads stream straight into the sealer: no body parser may buffer them.
      app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

      app.put<{ Params: Static<typeof DatasetParams> }>(
        '/datasets/:id/content',
        {
          schema: {
            tags,
            summary: "Put a dataset's content (application/octet-stream), sealed as an encrypted object",
            description:
              'The body is streamed, cut into AES-256-GCM segments, bound to the dataset label and signed by the node.',
            params: DatasetParams,
            response: { 201: PutContentAnswer, ...problems },
          },
        },
        async (request, reply) => {
          if (request.headers['content-type']?.split(';')[0]?.trim() !== 'application/octet-stream') {
            throw new Refusal(
              err('unsupported-media-type', 'Cannot put content: send it as application/octet-stream'),
            );
          }
          const put = await putDatasetContent({
            context,
            node,
            datasetId: request.params.id,
            source: request.body as AsyncIterable<Uint8Array>,
            actor: actorOf(request),
            keyServiceUrl: keyServiceUrl(),
          });
          if (!put.ok) throw new Refusal(put);
          return reply.code(201).send(put.value);
        },
      );

      app.post<{ Params: Static<typeof AgreementParams>; Body: Static<typeof RevocationBody> }>(
        '/agreements/:agreementId/revocation',
        {
          schema: {
            tags,
            summary: 'Revoke an agreement this node provides: every later key request under it fails',
            params: AgreementParams,
            body: RevocationBody,
            response: { 201: Revocation, ...problems },
          },
        },
        async (request, reply) => {
          const { agreementId } = request.params;
          const agreement = await node.agreements(agreementId);
          if (agreement === undefined || agreement.provider !== node.participant) {
            throw new Refusal(
              err('unknown-agreement', `Cannot revoke "${agreementId}": no agreement this node provides`),
            );
          }
          if (agreement.state === 'revoked') {
            throw new Refusal(err('already-revoked', `Cannot revoke "${agreementId}": it is revoked`));
          }
          const now = context.clock();
          const actor = actorOf(request);
          const runtime = protocolRuntime(context);
          await runtime.deps.store.transaction(async (trx) => {
            await trx
              .insertInto('dataplane_revocation')
              .values({ agreement_id: agreementId, reason: request.body.reason, actor, revoked_at: now })
              .execute();
            await node.audit(trx, {
              time: now.toISOString(),
              node: node.participant,
              kind: 'negotiation.agreement-revoked',
              actor,
              subject: `agreement:${agreementId}`,
              details: {
                consumer: agreement.consumer,
                target: agreement.target,
                reason: request.body.reason,
              },
            });
            await terminateRevokedTransfers(trx, {
              deps: runtime.deps,
              agreementId,
              actor,
              reason: request.body.reason,
            });
          });
          runtime.workers.kick();
          // A push of a revoked agreement's transfer stops at once.
          runtime.transferStepped();
          return reply.code(201).send({
            agreementId,
            reason: request.body.reason,
            actor,
            revokedAt: now.toISOString(),
          });
        },
      );

      app.get(
        '/received',
        {
          schema: {
            tags,
            summary: 'Objects this node received or is receiving',
            response: { 200: ReceivedList },
          },
        },
        async () => {
          const rows = await db
            .selectFrom('dataplane_received')
            .leftJoin('dataplane_inbound', 'dataplane_inbound.object_id', 'dataplane_received.object_id')
            .select([
              'dataplane_received.object_id',
              'dataplane_received.owner',
              'dataplane_received.agreement_id',
              'dataplane_received.state',
              'dataplane_received.manifest',
              'dataplane_received.lease',
              'dataplane_inbound.transfer_pid',
            ])
            .orderBy('dataplane_received.updated_at', 'desc')
            .limit(500)
            .execute();
          return {
            items: rows.map((row) => ({
              objectId: row.object_id,
              owner: row.owner,
              agreementId: row.agreement_id,
              state: row.state,
              transfer: row.transfer_pid,
              plaintextSize: (row.manifest as { body: { encryption: { plaintextSize: number } } }).body
                .encryption.plaintextSize,
              lease: row.lease !== null,
            })),
          };
        },
      );

      app.get<{ Params: Static<typeof TransferParams> }>(
        '/transfers/:pid/progress',
        {
          schema: {
            tags,
            summary: 'Progress of the object a consumer transfer pulls (segments and bytes held)',
            params: TransferParams,
            response: { 200: Progress, ...problems },
          },
        },
        async (request) => {
          const progress = await transferProgress(context.stores.metadata, {
            blobs: context.stores.blobs,
            pid: request.params.pid,
          });
          if (progress === undefined) {
            throw new Refusal(
              err('unknown-transfer', `No consumer transfer "${request.params.pid}" on this node`),
            );
          }
          return progress;
        },
      );

      app.get<{ Params: Static<typeof TransferParams>; Querystring: Static<typeof OpenQuery> }>(
        '/transfers/:pid/plaintext',
        {
          schema: {
            tags,
            summary: 'Open (decrypt) the object a transfer delivered, for the token user (streamed)',
            params: TransferParams,
            querystring: OpenQuery,
            response: problems,
          },
        },
        async (request, reply) => {
          const row = await db
            .selectFrom('dataplane_inbound')
            .select(['object_id', 'state'])
            .where('transfer_pid', '=', request.params.pid)
            .executeTakeFirst();
          if (row === undefined || row.object_id === null || row.state !== 'received') {
            throw new Refusal(
              err(
                'not-received',
                `Cannot open transfer "${request.params.pid}": its data has not been received`,
              ),
            );
          }
          return sendPlaintext({ context, node, objectId: row.object_id }, request, reply);
        },
      );

      app.get<{ Params: Static<typeof ObjectParams>; Querystring: Static<typeof OpenQuery> }>(
        '/objects/:objectId/plaintext',
        {
          schema: {
            tags,
            summary: 'Open (decrypt) a received object, for the token user (streamed)',
            params: ObjectParams,
            querystring: OpenQuery,
            response: problems,
          },
        },
        async (request, reply) =>
          sendPlaintext({ context, node, objectId: request.params.objectId }, request, reply),
      );
    };
  },
};
