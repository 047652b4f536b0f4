/**
 * The data plane's protocol routes (behind mutual TLS; `peerOf` names the calling participant):
 *   GET  /objects/:objectId/manifest?agreement=…        the owner serves a manifest to an agreement's consumer
 *   GET  /objects/:objectId/segments/:hash?agreement=…  … and each ciphertext segment, by its SHA-256
 *   GET  /agreements/:agreementId/object                 the owner names the object an agreement's transfer carries
 *   POST /keys                                           a consumer asks the owner's key service for a data key
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import type { Participant, User } from '../../policy/request.ts';
import type { Clock } from '../../shared/clock.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { BlobStore } from '../../store/blob/port.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { KeyService } from '../service/key-service.ts';
import { ownedObjectCache, type ServedObject } from '../service/object-cache.ts';
import { latestObjectOf } from '../service/owned-objects.ts';
import type { AgreementLookup } from '../service/ports.ts';
import { refuse } from './reasons.ts';
import { sendSegment } from './serve-segment.ts';

export type TransferRouteDeps = {
  readonly participant: string;
  readonly store: MetadataStore;
  readonly blobs: BlobStore;
  readonly agreements: AgreementLookup;
  /** The owner's key service; without it the node serves no `/keys` route. */
  readonly keyService?: KeyService;
  readonly clock: Clock;
  /** The calling participant as mutual TLS established it. */
  readonly peerOf: (request: FastifyRequest) => Participant | undefined;
};

const ObjectParams = Type.Object({ objectId: Type.String({ minLength: 1, maxLength: 256 }) });
const SegmentParams = Type.Object({
  objectId: Type.String({ minLength: 1, maxLength: 256 }),
  hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
const AgreementParams = Type.Object({ agreementId: Type.String({ minLength: 1, maxLength: 512 }) });
const AgreementQuery = Type.Object({ agreement: Type.String({ minLength: 1, maxLength: 512 }) });
const KeyBody = Type.Object(
  {
    objectId: Type.String({ minLength: 1, maxLength: 256 }),
    agreementId: Type.String({ minLength: 1, maxLength: 512 }),
    recipientKeys: Type.String({ minLength: 1, maxLength: 16384 }),
    nonce: Type.String({ minLength: 16, maxLength: 128 }),
    /** The user on whose behalf the consumer node asks, as that node vouches for them. */
    user: Type.Optional(
      Type.Object({
        id: Type.String({ minLength: 1 }),
        nationality: Type.String({ minLength: 3, maxLength: 3 }),
        clearances: Type.Array(Type.Object({ policy: Type.String(), classification: Type.String() })),
        communities: Type.Array(Type.String()),
        roles: Type.Array(Type.String()),
      }),
    ),
    /** The purpose of the use, as the consumer node states it; the owner's decision point checks it. */
    purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 512, pattern: '^[^\\s]+$' })),
  },
  { additionalProperties: false },
);

export function transferRoutes(deps: TransferRouteDeps): FastifyPluginAsync {
  const noPeer = err(
    'no-peer',
    'Cannot serve the data plane: the caller presented no participant certificate',
  );

  const ownedObject = ownedObjectCache({ db: deps.store.db });

  /** The consumer of an active agreement about this object's dataset may fetch its ciphertext. */
  async function servable(
    peer: Participant,
    options: { objectId: string; agreementId: string },
  ): Promise<Result<ServedObject>> {
    const object = await ownedObject(options.objectId);
    if (object === undefined)
      return err('unknown-object', `Cannot serve object "${options.objectId}": no such object`);
    const agreement = await deps.agreements(options.agreementId);
    const what = `Cannot serve object "${options.objectId}" under "${options.agreementId}"`;
    if (agreement === undefined || agreement.provider !== deps.participant)
      return err('unknown-agreement', `${what}: no such agreement`);
    if (agreement.consumer !== peer.id)
      return err('not-agreement-party', `${what}: ${peer.id} is not its consumer`);
    if (agreement.target !== object.datasetId)
      return err('agreement-not-for-object', `${what}: it covers "${agreement.target}"`);
    if (agreement.state !== 'active') return err('agreement-not-active', `${what}: it is ${agreement.state}`);
    return ok(object);
  }

  return async (app) => {
    // Segments pushed into a transfer (node/push-receiver.ts, registered in this scope) are streamed straight into
    // the blob store, never buffered by the body parser.
    app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

    app.get<{ Params: Static<typeof ObjectParams>; Querystring: Static<typeof AgreementQuery> }>(
      '/objects/:objectId/manifest',
      { schema: { params: ObjectParams, querystring: AgreementQuery } },
      async (request, reply) => {
        const peer = deps.peerOf(request);
        if (peer === undefined) return refuse(reply, noPeer);
        const object = await servable(peer, {
          objectId: request.params.objectId,
          agreementId: request.query.agreement,
        });
        if (!object.ok) return refuse(reply, object);
        return reply.send(object.value.manifest);
      },
    );

    app.get<{ Params: Static<typeof AgreementParams> }>(
      '/agreements/:agreementId/object',
      { schema: { params: AgreementParams } },
      async (request, reply) => {
        const peer = deps.peerOf(request);
        if (peer === undefined) return refuse(reply, noPeer);
        const { agreementId } = request.params;
        const agreement = await deps.agreements(agreementId);
        const what = `Cannot name the object of agreement "${agreementId}"`;
        if (agreement === undefined || agreement.provider !== deps.participant)
          return refuse(reply, err('unknown-agreement', `${what}: no such agreement`));
        if (agreement.consumer !== peer.id)
          return refuse(reply, err('not-agreement-party', `${what}: ${peer.id} is not its consumer`));
        const object = await latestObjectOf(deps.store.db, agreement.target);
        if (object === undefined) {
          return refuse(
            reply,
            err('no-content', `${what}: dataset "${agreement.target}" has no content yet`),
          );
        }
        const served = await servable(peer, { objectId: object.objectId, agreementId });
        if (!served.ok) return refuse(reply, served);
        const body = object.manifest.body;
        return reply.send({
          objectId: body.objectId,
          datasetId: object.datasetId,
          segments: body.integrity.segments.length,
          size: body.integrity.segments.reduce((sum, segment) => sum + segment.size, 0),
        });
      },
    );

    app.get<{ Params: Static<typeof SegmentParams>; Querystring: Static<typeof AgreementQuery> }>(
      '/objects/:objectId/segments/:hash',
      { schema: { params: SegmentParams, querystring: AgreementQuery } },
      async (request, reply) => {
        const peer = deps.peerOf(request);
        if (peer === undefined) return refuse(reply, noPeer);
        const object = await servable(peer, {
          objectId: request.params.objectId,
          agreementId: request.query.agreement,
        });
        if (!object.ok) return refuse(reply, object);
        const segment = object.value.segmentsByHash.get(request.params.hash);
        if (segment === undefined) {
          return refuse(
            reply,
            err(
              'unknown-segment',
              `Cannot serve segment ${request.params.hash}: not part of "${request.params.objectId}"`,
            ),
          );
        }
        return sendSegment(reply, deps.blobs, segment);
      },
    );

    const keyService = deps.keyService;
    if (keyService === undefined) return;
    app.post<{ Body: Static<typeof KeyBody> }>(
      '/keys',
      { schema: { body: KeyBody } },
      async (request, reply) => {
        const peer = deps.peerOf(request);
        if (peer === undefined) return refuse(reply, noPeer);
        const { user, ...rest } = request.body;
        const subject =
          user === undefined ? { participant: peer } : { participant: peer, user: user as User };
        const granted = await keyService.requestKey({ ...rest, subject });
        if (!granted.ok) return refuse(reply, granted);
        return reply.type('application/jose').send(granted.value.response);
      },
    );
  };
}
