/**
 * Federated training on the management surface (`/v1/training`, token required): a user starts a run over
 * agreements this node holds as consumer (`POST /v1/training/runs`, answered at once with the run; rounds go on in
 * the background) and follows it (`GET /v1/training/runs/:id`: rounds, skipped providers, model, label).
 */
import Type, { type Static } from 'typebox';
import { userOf } from '../../http/request-guards.ts';
import { Refusal } from '../../http/refusal.ts';
import { defaultPolicyRegistry } from '../../labels/index.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { FoederaError } from '../../shared/errors.ts';
import { computeNode } from '../../compute/node/compute-node.ts';
import { publishDerivedFor } from '../../compute/node/publish-derived.ts';
import { findTraining, listTrainings, startTraining, type TrainingDeps } from './training-runs.ts';

const tags = ['training'];

export const TrainingBody = Type.Object(
  {
    agreements: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { minItems: 1, maxItems: 16 }),
    features: Type.Integer({ minimum: 1, maximum: 4095 }),
    rounds: Type.Integer({ minimum: 1, maximum: 500 }),
    epochs: Type.Integer({ minimum: 1, maximum: 1000 }),
    learningRate: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    l2: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    labelColumn: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);
type TrainingBodyType = Static<typeof TrainingBody>;
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });

/** A provider that has not answered a round in this time is skipped for that round. */
const ROUND_TIMEOUT_MS = 120_000;

export const trainingManagementRoutes: RoutePlugin = {
  name: 'training',
  surface: 'management',
  prefix: '/v1/training',
  create: async (context) => {
    const node = await computeNode(context);
    const db = context.stores.metadata.db;
    const deps: TrainingDeps = {
      self: context.identity.participantId,
      db,
      peers: context.peers,
      clock: context.clock,
      registry: defaultPolicyRegistry,
      audit: node.audit,
      publish: publishDerivedFor(context),
      roundTimeoutMs: ROUND_TIMEOUT_MS,
      signal: context.shutdown,
    };
    const running = new Set<Promise<void>>();
    return async (app) => {
      app.addHook('onClose', async () => {
        await Promise.allSettled([...running]);
      });
      app.post<{ Body: TrainingBodyType }>(
        '/runs',
        {
          schema: {
            tags,
            summary: 'Start a federated training over agreements this node holds',
            body: TrainingBody,
          },
        },
        async (request, reply) => {
          const body = request.body;
          const started = await startTraining(deps, {
            ...body,
            l2: body.l2 ?? 0,
            labelColumn: body.labelColumn ?? 'label',
            user: userOf(request),
          });
          if (!started.ok) throw new Refusal(started);
          const done = started.value.done.finally(() => running.delete(done));
          running.add(done);
          return reply
            .code(202)
            .header('location', `/v1/training/runs/${encodeURIComponent(started.value.view.id)}`)
            .send(started.value.view);
        },
      );
      app.get(
        '/runs',
        { schema: { tags, summary: 'Training runs this node coordinated, newest first' } },
        async () => ({
          items: await listTrainings(db, 100),
        }),
      );
      app.get<{ Params: { id: string } }>(
        '/runs/:id',
        {
          schema: {
            tags,
            summary: 'One training run: rounds, skipped providers, model and label',
            params: IdParams,
          },
        },
        async (request) => {
          const run = await findTraining(db, request.params.id);
          if (run === undefined) {
            throw new FoederaError('not-found', `No training run "${request.params.id}" on this node`);
          }
          return run;
        },
      );
    };
  },
};
