/**
 * The provider's side of a federated training round: the built-in, audited training kind of compute-to-data. The
 * coordinator sends the current weights under an agreement that permits `foedera:compute`; this node trains them on
 * its own copy of the dataset and returns only the new weights, the sample count and the loss, labelled with the
 * dataset's high-water mark once the decision point releases them. No record leaves the node.
 */
import type { AuditEntryInput } from '../audit/entry/entry.ts';
import type { ConfidentialityLabel, LabelBinding } from '../labels/index.ts';
import type { Subject } from '../policy/request.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { authoriseCompute } from '../compute/provider/authorise.ts';
import type { ProviderDeps, ProviderRefusal } from '../compute/provider/compute-provider.ts';
import { actorOf } from '../compute/provider/authorise.ts';
import { readContent } from '../compute/provider/dataset-content.ts';
import { releaseOutput } from '../compute/provider/release.ts';
import { readCsvSamples } from './csv-samples.ts';
import { train } from './logistic.ts';

export const TRAINING_KIND = 'logistic-regression';

export type RoundRequest = {
  readonly runId: string;
  readonly round: number;
  readonly agreementId: string;
  readonly weights: readonly number[];
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly labelColumn: string;
  readonly subject: Subject;
};

export type RoundReply = {
  readonly weights: number[];
  readonly samples: number;
  readonly loss: number;
  readonly dataset: string;
  readonly label: ConfidentialityLabel;
  readonly labelBinding: LabelBinding;
};

export type RoundRefusal =
  ProviderRefusal | 'invalid-training-data' | 'dimension-mismatch' | 'output-withheld';

export async function trainRound(
  deps: ProviderDeps,
  request: RoundRequest,
): Promise<Result<RoundReply, RoundRefusal>> {
  const now = deps.clock();
  const what = `Cannot train round ${request.round} of ${request.runId} under agreement "${request.agreementId}"`;
  const authorised = await authoriseCompute(deps, { ...request, now, what });
  const audit = async (
    dataset: string,
    kind: AuditEntryInput['kind'],
    details: AuditEntryInput['details'],
  ) => {
    const base = { time: now.toISOString(), node: deps.participant, actor: actorOf(request.subject) };
    await deps.audit([
      ...(authorised.decision === undefined ? [] : [{ ...base, subject: topic, ...authorised.decision }]),
      { ...base, kind, subject: topic, details },
    ]);
  };
  const about = {
    run: request.runId,
    round: request.round,
    agreement: request.agreementId,
    kind: TRAINING_KIND,
  };
  const refuse = async <R extends RoundRefusal>(topic: string, failure: { reason: R; detail: string }) => {
    await audit(topic, 'dataset.training.refused', {
      ...about,
      reason: failure.reason,
      detail: failure.detail,
    });
    return err(failure.reason, failure.detail);
  };
  if (!authorised.result.ok)
    return refuse(
      authorised.dataset === undefined ? `agreement:${request.agreementId}` : `dataset:${authorised.dataset}`,
      authorised.result,
    );
  const input = authorised.result.value;
  const dataset = input.agreement.target;
  const topic = `dataset:${dataset}`;
  const plaintext = await readContent(deps.content, input.object);
  if (!plaintext.ok) return refuse(topic, plaintext);
  const samples = readCsvSamples(plaintext.value.toString('utf8'), { labelColumn: request.labelColumn });
  plaintext.value.fill(0);
  if (!samples.ok) return refuse(topic, samples);
  if (samples.value.features.length + 1 !== request.weights.length) {
    return refuse(topic, {
      reason: 'dimension-mismatch',
      detail: `${what}: the dataset has ${samples.value.features.length} features, the model ${request.weights.length - 1}`,
    });
  }
  const update = train(request.weights, samples.value, request);
  const reply = { weights: update.weights, samples: update.samples, loss: update.loss };
  const released = await releaseOutput({
    output: Buffer.from(JSON.stringify(reply)),
    outputId: `${request.runId}#round-${request.round}`,
    inputs: [input],
    subject: request.subject,
    registry: deps.registry,
    signingKey: deps.signingKey,
    now,
  });
  if (!released.ok) return refuse(topic, released);
  await audit(topic, 'dataset.training.round', {
    ...about,
    object: input.object.objectId,
    samples: update.samples,
    loss: update.loss,
    update: released.value.digest,
  });
  return ok({ ...reply, dataset, label: released.value.label, labelBinding: released.value.labelBinding });
}
