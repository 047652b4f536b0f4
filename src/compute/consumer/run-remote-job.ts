/**
 * The consumer's side of compute-to-data: a user's job goes to the provider of an agreement instead of the data
 * coming here. The request and its outcome are audited in this node's log and kept (`compute_run`); a released
 * output is recorded as a derived artefact of the dataset with the label the provider bound to it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEntryInput, JsonValue } from '../../audit/entry/entry.ts';
import type { PeerClient } from '../../http/peer-client.ts';
import type { ConfidentialityLabel } from '../../labels/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { Database } from '../../store/metadata/database.ts';
import type { UserClaims } from '../../trust/tokens/claims.ts';
import { ok, type Result } from '../../shared/result.ts';
import { callProvider } from './call-provider.ts';
import { consumerAgreement } from './consumer-agreement.ts';
import type { PublishDerived } from './derived-artefacts.ts';
import { vouchedUser } from './vouched-user.ts';
import './tables.ts';

export type ConsumerDeps = {
  readonly self: string;
  readonly db: Kysely<Database>;
  readonly peers: PeerClient;
  readonly clock: Clock;
  readonly audit: (entries: readonly AuditEntryInput[]) => Promise<void>;
  readonly publish?: PublishDerived | undefined;
};

export type RunStatus = 'completed' | 'stopped' | 'withheld' | 'refused' | 'failed';

export type RunView = {
  readonly id: string;
  readonly agreementId: string;
  readonly provider: string;
  readonly dataset: string;
  readonly status: RunStatus;
  readonly reason?: string;
  readonly detail?: string;
  readonly exitCode?: number;
  /** Base64 of the released output. */
  readonly output?: string;
  readonly outputSha256?: string;
  readonly label?: unknown;
  readonly labelBinding?: unknown;
  readonly usage?: unknown;
  /** The lineage version of the output, when it was recorded as a derived artefact. */
  readonly artefact?: string;
  readonly moduleSha256: string;
  readonly requestedBy: string;
  readonly createdAt: string;
};

type ProviderReport = {
  runId: string;
  status: 'completed' | 'stopped' | 'withheld';
  reason?: string;
  detail?: string;
  exitCode?: number;
  output?: string;
  outputDigest?: string;
  label?: ConfidentialityLabel;
  labelBinding?: unknown;
  usage?: unknown;
  inputs?: { dataset: string; label: ConfidentialityLabel }[];
};

/** Wall time allowed to a provider for one job, sandbox start and data access included. */
const JOB_CALL_TIMEOUT_MS = 180_000;

export async function runRemoteJob(
  deps: ConsumerDeps,
  request: { agreementId: string; module: Uint8Array; args: readonly string[]; user: UserClaims },
): Promise<Result<RunView, 'unknown-agreement' | 'agreement-not-active'>> {
  const agreement = await consumerAgreement(deps.db, { agreementId: request.agreementId, self: deps.self });
  if (!agreement.ok) return agreement;
  const { provider, dataset } = agreement.value;
  const id = `urn:uuid:${randomUUID()}`;
  const startedAt = deps.clock();
  const moduleSha256 = createHash('sha256').update(request.module).digest('hex');
  const actor = `user:${request.user.subject}`;
  const entry = (kind: AuditEntryInput['kind'], details: Record<string, JsonValue>): AuditEntryInput => ({
    time: deps.clock().toISOString(),
    node: deps.self,
    kind,
    actor,
    subject: `dataset:${dataset}`,
    details: { run: id, agreement: request.agreementId, provider, module: moduleSha256, ...details },
  });
  await deps.audit([entry('dataset.compute.requested', { args: [...request.args] })]);

  const answer = await callProvider({
    peers: deps.peers,
    provider,
    url: `${agreement.value.providerBase}/compute/jobs`,
    body: {
      agreementId: request.agreementId,
      module: Buffer.from(request.module).toString('base64'),
      args: request.args,
      user: vouchedUser(request.user),
    },
    timeoutMs: JOB_CALL_TIMEOUT_MS,
  });
  let report: ProviderReport;
  let status: RunStatus;
  if (answer.ok) {
    report = answer.value as ProviderReport;
    status = report.status;
  } else {
    status = answer.reason === 'provider-unreachable' ? 'failed' : 'refused';
    report = { runId: '', status: 'stopped', reason: answer.reason, detail: answer.detail };
  }
  const output = report.output === undefined ? undefined : Buffer.from(report.output, 'base64');
  const outputSha256 = output === undefined ? undefined : createHash('sha256').update(output).digest('hex');
  if (output !== undefined && outputSha256 !== report.outputDigest) {
    status = 'failed';
    report = {
      ...report,
      reason: 'output-digest-mismatch',
      detail: `The output of ${provider} does not match its digest`,
    };
  }
  let artefact: string | undefined;
  if (
    status === 'completed' &&
    output !== undefined &&
    report.label !== undefined &&
    deps.publish !== undefined
  ) {
    const published = await deps.publish({
      artefact: `urn:foedera:compute-result:${id.slice('urn:uuid:'.length)}`,
      kind: 'result',
      title: `Output of compute job ${id} on ${dataset}`,
      dataDigest: outputSha256 ?? '',
      label: report.label,
      metadata: { provider, module: moduleSha256, bytes: output.length },
      inputs: (report.inputs ?? []).map((i) => ({
        dataset: i.dataset,
        participant: provider,
        label: i.label,
        agreement: agreement.value.policy,
      })),
      activity: {
        type: 'compute-job',
        startedAt,
        endedAt: deps.clock(),
        agent: actor,
        details: { run: id, provider, module: moduleSha256 },
      },
    });
    if (published.ok) artefact = published.version;
  }
  await deps.db
    .insertInto('compute_run')
    .values({
      run_id: id,
      provider_run_id: report.runId === '' ? null : report.runId,
      agreement_id: request.agreementId,
      provider,
      dataset_id: dataset,
      module_sha256: moduleSha256,
      status,
      reason: report.reason ?? null,
      detail: report.detail ?? null,
      exit_code: report.exitCode ?? null,
      output: output ?? null,
      output_sha256: outputSha256 ?? null,
      label: report.label === undefined ? null : jsonb(report.label),
      label_binding: report.labelBinding === undefined ? null : jsonb(report.labelBinding),
      usage: report.usage === undefined ? null : jsonb(report.usage),
      artefact: artefact ?? null,
      requested_by: request.user.subject,
      created_at: startedAt,
    })
    .execute();
  await deps.audit([
    entry(`dataset.compute.${status}`, {
      ...(report.reason === undefined ? {} : { reason: report.reason }),
      ...(report.detail === undefined ? {} : { detail: report.detail }),
      ...(outputSha256 === undefined ? {} : { output: outputSha256 }),
      ...(artefact === undefined ? {} : { artefact }),
    }),
  ]);
  const view = await findRun(deps.db, id);
  if (view === undefined) throw new Error(`Compute run ${id} was not stored`);
  return ok(view);
}

function viewOf(row: {
  run_id: string;
  agreement_id: string;
  provider: string;
  dataset_id: string;
  status: string;
  reason: string | null;
  detail: string | null;
  exit_code: number | null;
  output: Buffer | null;
  output_sha256: string | null;
  label: unknown;
  label_binding: unknown;
  usage: unknown;
  artefact: string | null;
  module_sha256: string;
  requested_by: string;
  created_at: Date;
}): RunView {
  const optional = <K extends string, V>(key: K, value: V | null) =>
    (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    id: row.run_id,
    agreementId: row.agreement_id,
    provider: row.provider,
    dataset: row.dataset_id,
    status: row.status as RunStatus,
    ...optional('reason', row.reason),
    ...optional('detail', row.detail),
    ...optional('exitCode', row.exit_code),
    ...optional('output', row.output === null ? null : Buffer.from(row.output).toString('base64')),
    ...optional('outputSha256', row.output_sha256),
    ...optional('label', row.label),
    ...optional('labelBinding', row.label_binding),
    ...optional('usage', row.usage),
    ...optional('artefact', row.artefact),
    moduleSha256: row.module_sha256,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function findRun(db: Kysely<Database>, id: string): Promise<RunView | undefined> {
  const row = await db.selectFrom('compute_run').selectAll().where('run_id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : viewOf(row);
}

export async function listRuns(db: Kysely<Database>, limit: number): Promise<RunView[]> {
  const rows = await db
    .selectFrom('compute_run')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(viewOf);
}
