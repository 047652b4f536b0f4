/**
 * Federated training coordinated by this node: a run names the agreements under which it may compute on the
 * providers' datasets; rounds go to each provider over mutual TLS (`POST /compute/training/rounds`) on behalf of the
 * user who started it; progress is kept round by round (`training_run`) and audited; the final model gets the
 * high-water mark of the datasets' labels and is recorded as a derived artefact whose inputs are those datasets.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEntryInput, JsonValue } from '../../audit/entry/entry.ts';
import type { PeerClient } from '../../http/peer-client.ts';
import { highWaterMark, type ConfidentialityLabel, type PolicyRegistry } from '../../labels/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { UserClaims } from '../../trust/tokens/claims.ts';
import { participantUri } from '../../trust/participant-identity.ts';
import { callProvider } from '../../compute/consumer/call-provider.ts';
import { consumerAgreement, type ConsumerAgreement } from '../../compute/consumer/consumer-agreement.ts';
import type { PublishDerived } from '../../compute/consumer/derived-artefacts.ts';
import { vouchedUser } from '../../compute/consumer/vouched-user.ts';
import '../../compute/consumer/tables.ts';
import { coordinate, type RemoteUpdate, type RoundOutcome, type TrainingSpec } from '../coordinator.ts';
import { TRAINING_KIND } from '../provider-round.ts';

export type TrainingDeps = {
  readonly self: string;
  readonly db: Kysely<Database>;
  readonly peers: PeerClient;
  readonly clock: Clock;
  readonly registry: PolicyRegistry;
  readonly audit: (entries: readonly AuditEntryInput[]) => Promise<void>;
  readonly publish?: PublishDerived | undefined;
  /** How long a provider has to answer one round before it is skipped. */
  readonly roundTimeoutMs: number;
  readonly signal: AbortSignal;
};

export type TrainingStatus = 'running' | 'completed' | 'failed';

export type TrainingView = {
  readonly id: string;
  readonly status: TrainingStatus;
  readonly spec: TrainingSpec & { readonly agreements: readonly string[] };
  readonly rounds: readonly RoundOutcome[];
  readonly model?: { readonly kind: string; readonly features: number; readonly weights: number[] };
  readonly label?: ConfidentialityLabel;
  readonly detail?: string;
  readonly artefact?: string;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type TrainingRequest = Omit<TrainingSpec, 'kind'> & { readonly agreements: readonly string[] };

/** Checks the agreements, records the run and starts it; the rounds go on in the background (`done` settles). */
export async function startTraining(
  deps: TrainingDeps,
  request: TrainingRequest & { user: UserClaims },
): Promise<
  Result<{ view: TrainingView; done: Promise<void> }, 'unknown-agreement' | 'agreement-not-active'>
> {
  const agreements: ConsumerAgreement[] = [];
  for (const agreementId of new Set(request.agreements)) {
    const found = await consumerAgreement(deps.db, { agreementId, self: deps.self });
    if (!found.ok) return found;
    agreements.push(found.value);
  }
  const { user, agreements: ids, ...rest } = request;
  const spec = { kind: TRAINING_KIND, ...rest, agreements: [...ids] } satisfies TrainingSpec & {
    agreements: string[];
  };
  const id = `urn:uuid:${randomUUID()}`;
  const now = deps.clock();
  await deps.db
    .insertInto('training_run')
    .values({
      run_id: id,
      status: 'running',
      spec: jsonb(spec),
      rounds: jsonb([]),
      model: null,
      label: null,
      detail: null,
      artefact: null,
      requested_by: user.subject,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const entry = (kind: AuditEntryInput['kind'], details: Record<string, JsonValue>): AuditEntryInput => ({
    time: deps.clock().toISOString(),
    node: deps.self,
    kind,
    actor: `user:${user.subject}`,
    subject: `training:${id}`,
    details,
  });
  await deps.audit([
    entry('dataset.training.started', {
      kind: TRAINING_KIND,
      agreements: agreements.map((a) => a.id),
      datasets: agreements.map((a) => `${a.provider}:${a.dataset}`),
      rounds: spec.rounds,
    }),
  ]);
  const done = runRounds(deps, { id, spec, agreements, user, entry, startedAt: now }).catch(
    async (error: unknown) => {
      await finish(deps, id, { status: 'failed', detail: `Training failed: ${(error as Error).message}` });
    },
  );
  const view = await findTraining(deps.db, id);
  if (view === undefined) throw new Error(`Training run ${id} vanished`);
  return ok({ view, done });
}

async function runRounds(
  deps: TrainingDeps,
  run: {
    id: string;
    spec: TrainingSpec & { agreements: string[] };
    agreements: readonly ConsumerAgreement[];
    user: UserClaims;
    entry: (kind: AuditEntryInput['kind'], details: Record<string, JsonValue>) => AuditEntryInput;
    startedAt: Date;
  },
): Promise<void> {
  const { spec } = run;
  const byId = new Map(run.agreements.map((a) => [a.id, a]));
  const rounds: RoundOutcome[] = [];
  const trained = await coordinate({
    spec,
    contributions: run.agreements.map((a) => ({ agreementId: a.id, provider: a.provider })),
    signal: deps.signal,
    send: async (to, round) => {
      const agreement = byId.get(to.agreementId);
      if (agreement === undefined) return err('unknown-agreement', to.agreementId);
      const answer = await callProvider({
        peers: deps.peers,
        provider: to.provider,
        url: `${agreement.providerBase}/compute/training/rounds`,
        body: {
          runId: run.id,
          round: round.round,
          agreementId: to.agreementId,
          kind: TRAINING_KIND,
          weights: round.weights,
          epochs: spec.epochs,
          learningRate: spec.learningRate,
          l2: spec.l2,
          labelColumn: spec.labelColumn,
          user: vouchedUser(run.user),
        },
        timeoutMs: deps.roundTimeoutMs,
        signal: deps.signal,
      });
      return answer.ok ? ok(answer.value as RemoteUpdate) : answer;
    },
    onRound: async (outcome, weights) => {
      rounds.push(outcome);
      await deps.db
        .updateTable('training_run')
        .set({ rounds: jsonb(rounds), model: jsonb(modelOf(spec, weights)), updated_at: deps.clock() })
        .where('run_id', '=', run.id)
        .execute();
      await deps.audit([
        run.entry('dataset.training.round', {
          round: outcome.round,
          samples: outcome.samples,
          loss: outcome.loss,
          used: outcome.contributions.filter((c) => c.status === 'used').map((c) => c.provider),
          skipped: outcome.contributions.flatMap((c) =>
            c.status === 'skipped' ? [`${c.provider}: ${c.reason}`] : [],
          ),
        }),
      ]);
    },
  });
  if (!trained.ok) {
    await deps.audit([
      run.entry('dataset.training.failed', { reason: trained.reason, detail: trained.detail }),
    ]);
    await finish(deps, run.id, { status: 'failed', detail: trained.detail });
    return;
  }
  const labels = trained.value.inputs.map((i) => i.label);
  const first = labels[0];
  const mark =
    first === undefined
      ? err('no-labels', 'no input carried a label')
      : highWaterMark(labels, deps.registry, {
          policy: first.policy,
          originator: participantUri(deps.self),
          now: deps.clock(),
        });
  if (!mark.ok) {
    const detail = `Cannot label the trained model: ${mark.detail}`;
    await deps.audit([run.entry('dataset.training.failed', { reason: mark.reason, detail })]);
    await finish(deps, run.id, { status: 'failed', detail });
    return;
  }
  const model = modelOf(spec, trained.value.weights);
  const digest = createHash('sha256').update(JSON.stringify(model)).digest('hex');
  let artefact: string | undefined;
  if (deps.publish !== undefined) {
    const published = await deps.publish({
      artefact: `urn:foedera:model:${run.id.slice('urn:uuid:'.length)}`,
      kind: 'model',
      title: `Logistic regression trained federatedly on ${trained.value.inputs.length} datasets`,
      dataDigest: digest,
      label: mark.value,
      metadata: { format: 'foedera-logistic-regression+json', features: spec.features, rounds: spec.rounds },
      inputs: trained.value.inputs.map((i) => ({
        dataset: i.dataset,
        participant: i.provider,
        label: i.label,
        agreement: byId.get(i.agreementId)?.policy ?? null,
      })),
      activity: {
        type: 'federated-training',
        startedAt: run.startedAt,
        endedAt: deps.clock(),
        agent: `user:${run.user.subject}`,
        details: { run: run.id, rounds: spec.rounds, epochs: spec.epochs, learningRate: spec.learningRate },
      },
    });
    if (published.ok) artefact = published.version;
  }
  await deps.audit([
    run.entry('dataset.training.completed', {
      model: digest,
      rounds: trained.value.rounds.length,
      inputs: trained.value.inputs.map((i) => `${i.provider}:${i.dataset}`),
      ...(artefact === undefined ? {} : { artefact }),
    }),
  ]);
  await finish(deps, run.id, {
    status: 'completed',
    model,
    label: mark.value,
    ...(artefact === undefined ? {} : { artefact }),
  });
}

function modelOf(spec: TrainingSpec, weights: readonly number[]) {
  return { kind: spec.kind, features: spec.features, weights: [...weights] };
}

async function finish(
  deps: TrainingDeps,
  id: string,
  end: {
    status: TrainingStatus;
    detail?: string;
    model?: unknown;
    label?: ConfidentialityLabel;
    artefact?: string;
  },
): Promise<void> {
  await deps.db
    .updateTable('training_run')
    .set({
      status: end.status,
      detail: end.detail ?? null,
      ...(end.model === undefined ? {} : { model: jsonb(end.model) }),
      ...(end.label === undefined ? {} : { label: jsonb(end.label) }),
      artefact: end.artefact ?? null,
      updated_at: deps.clock(),
    })
    .where('run_id', '=', id)
    .execute();
}

type TrainingRow = {
  run_id: string;
  status: string;
  spec: unknown;
  rounds: unknown;
  model: unknown;
  label: unknown;
  detail: string | null;
  artefact: string | null;
  requested_by: string;
  created_at: Date;
  updated_at: Date;
};

function viewOf(row: TrainingRow): TrainingView {
  return {
    id: row.run_id,
    status: row.status as TrainingStatus,
    spec: row.spec as TrainingView['spec'],
    rounds: row.rounds as RoundOutcome[],
    ...(row.model === null || row.status !== 'completed'
      ? {}
      : { model: row.model as NonNullable<TrainingView['model']> }),
    ...(row.label === null ? {} : { label: row.label as ConfidentialityLabel }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    ...(row.artefact === null ? {} : { artefact: row.artefact }),
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function findTraining(db: Kysely<Database>, id: string): Promise<TrainingView | undefined> {
  const row = await db.selectFrom('training_run').selectAll().where('run_id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : viewOf(row);
}

export async function listTrainings(db: Kysely<Database>, limit: number): Promise<TrainingView[]> {
  const rows = await db
    .selectFrom('training_run')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(viewOf);
}
