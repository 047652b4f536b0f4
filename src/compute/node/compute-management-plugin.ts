/**
 * Compute-to-data on the management surface (`/v1/compute`, token required): a user starts a job at the provider of
 * an agreement this node holds (`POST /v1/compute/runs`, the module in base64, as `foedera compute run` sends it) and
 * reads the runs back. The data a job computes on is the dataset's content as the data plane keeps it (`PUT
 * /v1/dataplane/datasets/:id/content`, `foedera data put`).
 */
import { FoederaError } from '../../shared/errors.ts';
import { userOf } from '../../http/request-guards.ts';
import { Refusal } from '../../http/refusal.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { findRun, listRuns, runRemoteJob, type ConsumerDeps } from '../consumer/run-remote-job.ts';
import { computeNode } from './compute-node.ts';
import { RunBody, RunParams, type RunBodyType } from './schemas.ts';
import { publishDerivedFor } from './publish-derived.ts';

const tags = ['compute'];

export const computeManagementRoutes: RoutePlugin = {
  name: 'compute-management',
  surface: 'management',
  prefix: '/v1/compute',
  create: async (context) => {
    const node = await computeNode(context);
    const db = context.stores.metadata.db;
    const deps: ConsumerDeps = {
      self: context.identity.participantId,
      db,
      peers: context.peers,
      clock: context.clock,
      audit: node.audit,
      publish: publishDerivedFor(context),
    };
    return async (app) => {
      app.post<{ Body: RunBodyType }>(
        '/runs',
        {
          schema: {
            tags,
            summary: 'Run a WASI job at the provider of an agreement (compute-to-data)',
            body: RunBody,
          },
          bodyLimit: 12 * 1024 * 1024,
        },
        async (request, reply) => {
          const { agreementId, module, args } = request.body;
          const result = await runRemoteJob(deps, {
            agreementId,
            module: new Uint8Array(Buffer.from(module, 'base64')),
            args: args ?? [],
            user: userOf(request),
          });
          if (!result.ok) throw new Refusal(result);
          return reply
            .code(201)
            .header('location', `/v1/compute/runs/${encodeURIComponent(result.value.id)}`)
            .send(result.value);
        },
      );

      app.get(
        '/runs',
        { schema: { tags, summary: 'Compute jobs this node sent, newest first' } },
        async () => ({
          items: await listRuns(db, 200),
        }),
      );

      app.get<{ Params: { id: string } }>(
        '/runs/:id',
        { schema: { tags, summary: 'One compute job this node sent', params: RunParams } },
        async (request) => {
          const run = await findRun(db, request.params.id);
          if (run === undefined)
            throw new FoederaError('not-found', `No compute run "${request.params.id}" on this node`);
          return run;
        },
      );
    };
  },
};
