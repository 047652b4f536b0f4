/**
 * The provider's side of compute-to-data: a consumer's job runs here, on the agreed dataset, in the WASI sandbox;
 * only its output leaves, labelled and released by the decision point. Every step is audited in this node's log:
 * the decision, and the run's end (completed, stopped with its reason, withheld, or refused).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AuditEntryInput, JsonValue } from '../../audit/entry/entry.ts';
import type { NodeSigningKey } from '../../dataplane/keys/node-signing-key.ts';
import type { ConfidentialityLabel, LabelBinding, PolicyRegistry } from '../../labels/index.ts';
import type { Subject } from '../../policy/request.ts';
import type { Clock } from '../../shared/clock.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ComputeLimits, StopReason } from '../sandbox/limits.ts';
import { runJob, type JobUsage } from '../sandbox/run-job.ts';
import { prepareModule } from '../sandbox/wasm-module.ts';
import { actorOf, authoriseCompute, type AuthoriseDeps, type AuthoriseRefusal } from './authorise.ts';
import { openView, type ContentSource } from './dataset-content.ts';
import { releaseOutput } from './release.ts';

export type ProviderDeps = AuthoriseDeps & {
  readonly content: ContentSource;
  readonly signingKey: NodeSigningKey;
  readonly registry: PolicyRegistry;
  readonly limits: ComputeLimits;
  readonly clock: Clock;
  /** Appends entries to this node's audit log in one transaction. */
  readonly audit: (entries: readonly AuditEntryInput[]) => Promise<void>;
  /** Jobs running at once on this node; one more is refused as `busy`. */
  readonly maxConcurrent: number;
};

export type JobRequest = {
  readonly agreementId: string;
  readonly module: Uint8Array;
  readonly args: readonly string[];
  readonly subject: Subject;
};

export type JobInput = {
  readonly dataset: string;
  readonly object: string;
  readonly label: ConfidentialityLabel;
};

export type JobReport = {
  readonly runId: string;
  readonly agreementId: string;
  readonly status: 'completed' | 'stopped' | 'withheld';
  readonly reason?: StopReason | 'output-withheld';
  readonly detail?: string;
  readonly exitCode?: number;
  readonly output?: Buffer;
  readonly outputDigest?: string;
  readonly label?: ConfidentialityLabel;
  readonly labelBinding?: LabelBinding;
  readonly moduleDigest: string;
  readonly inputs: readonly JobInput[];
  readonly usage: JobUsage;
};

export type ProviderRefusal = AuthoriseRefusal | 'busy' | 'content-unreadable';

const NO_USAGE: JobUsage = { wallMs: 0, memoryBytes: 0, outputBytes: 0 };

export function createComputeProvider(deps: ProviderDeps) {
  let running = 0;

  const entry = (
    base: { subject: Subject; now: Date; about: string },
    kind: AuditEntryInput['kind'],
    details: Record<string, JsonValue>,
  ): AuditEntryInput => ({
    time: base.now.toISOString(),
    node: deps.participant,
    kind,
    actor: actorOf(base.subject),
    subject: base.about,
    details,
  });

  async function run(request: JobRequest): Promise<Result<JobReport, ProviderRefusal>> {
    const now = deps.clock();
    const runId = `urn:uuid:${randomUUID()}`;
    const moduleDigest = createHash('sha256').update(request.module).digest('hex');
    const what = `Cannot run job ${runId} under agreement "${request.agreementId}"`;
    const authorised = await authoriseCompute(deps, { ...request, now, what });
    // Entries are about the dataset; before the agreement is known, about the agreement asked for.
    const base = {
      subject: request.subject,
      now,
      about:
        authorised.dataset === undefined
          ? `agreement:${request.agreementId}`
          : `dataset:${authorised.dataset}`,
    };
    const decided =
      authorised.decision === undefined
        ? []
        : [entry(base, authorised.decision.kind, authorised.decision.details)];
    if (!authorised.result.ok) {
      await deps.audit([
        ...decided,
        entry(base, 'dataset.compute.refused', {
          run: runId,
          agreement: request.agreementId,
          reason: authorised.result.reason,
          detail: authorised.result.detail,
          module: moduleDigest,
        }),
      ]);
      return authorised.result;
    }
    const input = authorised.result.value;
    const at = { ...base, about: `dataset:${input.agreement.target}` };
    const inputs: JobInput[] = [
      { dataset: input.agreement.target, object: input.object.objectId, label: input.label },
    ];
    const common = { runId, agreementId: request.agreementId, moduleDigest, inputs };
    const finish = async (report: JobReport, kind: AuditEntryInput['kind']) => {
      await deps.audit([
        ...decided.map((d) => ({ ...d, subject: `dataset:${input.agreement.target}` })),
        entry(at, kind, {
          run: runId,
          agreement: request.agreementId,
          module: moduleDigest,
          object: input.object.objectId,
          status: report.status,
          ...(report.reason === undefined ? {} : { reason: report.reason }),
          ...(report.detail === undefined ? {} : { detail: report.detail }),
          ...(report.exitCode === undefined ? {} : { exitCode: report.exitCode }),
          ...(report.outputDigest === undefined ? {} : { output: report.outputDigest }),
          usage: { ...report.usage },
        }),
      ]);
      return ok(report);
    };

    const prepared = prepareModule(request.module, deps.limits);
    if (!prepared.ok) {
      return finish(
        { ...common, status: 'stopped', reason: prepared.reason, detail: prepared.detail, usage: NO_USAGE },
        'dataset.compute.stopped',
      );
    }
    if (running >= deps.maxConcurrent) {
      return err('busy', `${what}: ${running} jobs are running on this node; try again later`);
    }
    running += 1;
    let outcome;
    try {
      const opened = await openView(deps.content, input.object);
      if (!opened.ok) return opened;
      const view = opened.value;
      try {
        outcome = await runJob({
          prepared: prepared.value,
          dataDir: view.dir,
          args: request.args,
          limits: deps.limits,
        });
      } finally {
        await view.remove();
      }
    } finally {
      running -= 1;
    }
    if (outcome.status === 'stopped') {
      return finish(
        {
          ...common,
          status: 'stopped',
          reason: outcome.reason,
          detail: outcome.detail,
          usage: outcome.usage,
        },
        'dataset.compute.stopped',
      );
    }
    // Only stdout leaves: stderr is diagnostics of the provider's sandbox and stays here, unreleased.
    const output = outcome.stdout;
    const released = await releaseOutput({
      output,
      outputId: runId,
      inputs: [input],
      subject: request.subject,
      registry: deps.registry,
      signingKey: deps.signingKey,
      now,
    });
    if (!released.ok) {
      return finish(
        {
          ...common,
          status: 'withheld',
          reason: released.reason,
          detail: released.detail,
          usage: outcome.usage,
        },
        'dataset.compute.withheld',
      );
    }
    return finish(
      {
        ...common,
        status: 'completed',
        exitCode: outcome.exitCode,
        output,
        outputDigest: released.value.digest,
        label: released.value.label,
        labelBinding: released.value.labelBinding,
        usage: outcome.usage,
      },
      'dataset.compute.completed',
    );
  }

  return { run, authorise: authoriseCompute.bind(undefined, deps), entry };
}

export type ComputeProvider = ReturnType<typeof createComputeProvider>;
