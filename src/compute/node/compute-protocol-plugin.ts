/**
 * Compute-to-data on the node's protocol surface (`/compute`, behind mutual TLS; the caller is the participant of its
 * certificate): `POST /compute/jobs` runs a consumer's WASI job on the dataset of its agreement and answers the
 * released output or the reason it was stopped; `POST /compute/training/rounds` runs one round of the built-in
 * federated training kind on it. The caller may vouch for the user on whose behalf it asks, as for data keys.
 */
import { peerOf } from '../../http/request-guards.ts';
import { Refusal } from '../../http/refusal.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import type { Subject, User } from '../../policy/request.ts';
import type { ParticipantIdentity } from '../../trust/participant-identity.ts';
import { trainRound } from '../../training/provider-round.ts';
import type { JobReport } from '../provider/compute-provider.ts';
import { computeNode } from './compute-node.ts';
import { JobBody, RoundBody, type JobBodyType, type RoundBodyType } from './schemas.ts';

export const COMPUTE_PATH = '/compute';

/** Every reason compute-to-data refuses with; the data plane's rows it shares carry the same status. */
export const COMPUTE_REASONS: Readonly<Record<string, number>> = {
  'unknown-agreement': 404,
  'not-agreement-party': 403,
  'agreement-not-active': 403,
  'access-denied': 403,
  'output-withheld': 403,
  'no-content': 409,
  busy: 503,
  'content-unreadable': 500,
  'invalid-training-data': 422,
  'dimension-mismatch': 422,
};

function subjectOf(peer: ParticipantIdentity, user: User | undefined): Subject {
  const participant = { id: peer.participantId, country: peer.countryAlpha3 };
  return user === undefined ? { participant } : { participant, user };
}

export function jobReportJson(report: JobReport) {
  const { output, ...rest } = report;
  return { ...rest, ...(output === undefined ? {} : { output: output.toString('base64') }) };
}

export const computeProtocolRoutes: RoutePlugin = {
  name: 'compute',
  surface: 'protocol',
  prefix: COMPUTE_PATH,
  reasons: COMPUTE_REASONS,
  create: async (context) => {
    const node = await computeNode(context);
    return async (app) => {
      app.post<{ Body: JobBodyType }>(
        '/jobs',
        { schema: { body: JobBody }, bodyLimit: 12 * 1024 * 1024 },
        async (request) => {
          const { agreementId, module, args, user } = request.body;
          const result = await node.provider.run({
            agreementId,
            module: new Uint8Array(Buffer.from(module, 'base64')),
            args: args ?? [],
            subject: subjectOf(peerOf(request), user),
          });
          if (!result.ok) throw new Refusal(result);
          request.log.info(
            { run: result.value.runId, agreement: agreementId, status: result.value.status },
            'Compute job ended',
          );
          return jobReportJson(result.value);
        },
      );

      app.post<{ Body: RoundBodyType }>(
        '/training/rounds',
        { schema: { body: RoundBody } },
        async (request) => {
          const { user, kind: _kind, ...round } = request.body;
          const result = await trainRound(node.deps, { ...round, subject: subjectOf(peerOf(request), user) });
          if (!result.ok) throw new Refusal(result);
          return result.value;
        },
      );
    };
  },
};
