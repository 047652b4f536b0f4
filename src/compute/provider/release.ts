/**
 * What may leave the provider after code ran on its data: the output is labelled with the high-water mark of the
 * inputs' labels (under the first input's policy), and released only when the decision point permits the consumer
 * `foedera:compute` on data carrying that label under the agreement. The label is bound to the output bytes with
 * the node's signature, so the consumer, or anyone it passes the output to, can check it.
 */
import { createHash } from 'node:crypto';
import {
  bindLabel,
  highWaterMark,
  type ConfidentialityLabel,
  type LabelBinding,
  type PolicyRegistry,
} from '../../labels/index.ts';
import { decide } from '../../policy/decide.ts';
import type { Subject } from '../../policy/request.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { participantUri } from '../../trust/participant-identity.ts';
import type { NodeSigningKey } from '../../dataplane/keys/node-signing-key.ts';
import { COMPUTE_ACTION, type Authorised } from './authorise.ts';

export type ReleasedOutput = {
  readonly label: ConfidentialityLabel;
  readonly labelBinding: LabelBinding;
  /** Hex SHA-256 of the output. */
  readonly digest: string;
};

export async function releaseOutput(options: {
  output: Uint8Array;
  outputId: string;
  inputs: readonly Authorised[];
  subject: Subject;
  registry: PolicyRegistry;
  signingKey: NodeSigningKey;
  now: Date;
}): Promise<Result<ReleasedOutput, 'output-withheld'>> {
  const { inputs } = options;
  const what = `Cannot release output "${options.outputId}"`;
  const first = inputs[0];
  if (first === undefined) return err('output-withheld', `${what}: it has no inputs`);
  const mark = highWaterMark(
    inputs.map((i) => i.label),
    options.registry,
    {
      policy: first.label.policy,
      originator: participantUri(options.signingKey.participant),
      now: options.now,
    },
  );
  if (!mark.ok) return err('output-withheld', `${what}: ${mark.detail}`);
  for (const input of inputs) {
    const decision = decide({
      subject: options.subject,
      // The output is data of the agreed dataset as far as the contract goes, carrying the inputs' high-water mark.
      resource: { id: input.agreement.target, label: mark.value, labelBinding: true },
      agreement: { policy: input.policy, state: input.agreement.state },
      action: COMPUTE_ACTION,
      context: { now: options.now },
    });
    if (decision.decision !== 'permit') {
      const codes = decision.reasons.map((r) => r.code).join(', ');
      return err('output-withheld', `${what}: denied (${codes})`);
    }
  }
  const labelBinding = await bindLabel({
    data: options.output,
    label: mark.value,
    key: options.signingKey.privateKey,
    kid: options.signingKey.kid,
  });
  return ok({
    label: mark.value,
    labelBinding,
    digest: createHash('sha256').update(options.output).digest('hex'),
  });
}
