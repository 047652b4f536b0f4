/**
 * Federated averaging driven by a coordinator: each round sends the current weights to every provider, waits for
 * their local updates, skips the providers that fail or do not answer (the round completes with the others), and
 * averages the updates weighted by their sample counts. The transport is a port, so the same loop runs over mutual
 * TLS between nodes and in-process in unit tests.
 */
import type { ConfidentialityLabel } from '../labels/index.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { federatedAverage } from './fedavg.ts';

export type TrainingSpec = {
  readonly kind: 'logistic-regression';
  /** Number of features; the model has one weight per feature and a bias. */
  readonly features: number;
  readonly rounds: number;
  /** Local full-batch gradient steps per round at each provider. */
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly labelColumn: string;
};

export type Contribution = { readonly agreementId: string; readonly provider: string };

export type RemoteUpdate = {
  readonly weights: number[];
  readonly samples: number;
  readonly loss: number;
  readonly dataset: string;
  readonly label: ConfidentialityLabel;
};

export type SendRound = (
  to: Contribution,
  round: { readonly round: number; readonly weights: readonly number[] },
) => Promise<Result<RemoteUpdate, string>>;

export type RoundOutcome = {
  readonly round: number;
  readonly contributions: readonly (
    | {
        readonly agreementId: string;
        readonly provider: string;
        readonly status: 'used';
        readonly samples: number;
        readonly loss: number;
      }
    | {
        readonly agreementId: string;
        readonly provider: string;
        readonly status: 'skipped';
        readonly reason: string;
        readonly detail: string;
      }
  )[];
  readonly samples: number;
  /** Sample-weighted mean of the providers' losses, before their local steps. */
  readonly loss: number;
};

export type TrainedModel = {
  readonly weights: number[];
  readonly rounds: readonly RoundOutcome[];
  /** What each dataset contributed and the label it carried, from the last round it took part in. */
  readonly inputs: readonly {
    readonly agreementId: string;
    readonly provider: string;
    readonly dataset: string;
    readonly label: ConfidentialityLabel;
    readonly samples: number;
  }[];
};

export async function coordinate(options: {
  spec: TrainingSpec;
  contributions: readonly Contribution[];
  send: SendRound;
  onRound?: (outcome: RoundOutcome, weights: readonly number[]) => Promise<void>;
  signal?: AbortSignal;
}): Promise<Result<TrainedModel, 'round-failed' | 'interrupted'>> {
  const { spec } = options;
  let weights = new Array<number>(spec.features + 1).fill(0);
  const rounds: RoundOutcome[] = [];
  const inputs = new Map<string, TrainedModel['inputs'][number]>();
  for (let round = 1; round <= spec.rounds; round++) {
    if (options.signal?.aborted === true) {
      return err('interrupted', `Training stopped before round ${round}: the node is shutting down`);
    }
    const current = weights;
    const answers = await Promise.all(
      options.contributions.map(async (to) => ({
        to,
        answer: await options.send(to, { round, weights: current }),
      })),
    );
    const used = answers.flatMap(({ to, answer }) => (answer.ok ? [{ to, update: answer.value }] : []));
    const averaged = federatedAverage(used.map((u) => u.update));
    const outcome: RoundOutcome = {
      round,
      contributions: answers.map(({ to, answer }) =>
        answer.ok
          ? { ...to, status: 'used' as const, samples: answer.value.samples, loss: answer.value.loss }
          : { ...to, status: 'skipped' as const, reason: answer.reason, detail: answer.detail },
      ),
      samples: used.reduce((sum, u) => sum + u.update.samples, 0),
      loss:
        used.reduce((sum, u) => sum + u.update.loss * u.update.samples, 0) /
        Math.max(
          1,
          used.reduce((sum, u) => sum + u.update.samples, 0),
        ),
    };
    rounds.push(outcome);
    if (!averaged.ok) {
      await options.onRound?.(outcome, weights);
      const why = answers.map(
        ({ to, answer }) => `${to.provider}: ${answer.ok ? averaged.detail : answer.detail}`,
      );
      return err(
        'round-failed',
        `Round ${round} failed: no provider returned a usable update (${why.join('; ')})`,
      );
    }
    weights = averaged.value;
    for (const { to, update } of used) {
      inputs.set(to.agreementId, {
        ...to,
        dataset: update.dataset,
        label: update.label,
        samples: update.samples,
      });
    }
    await options.onRound?.(outcome, weights);
  }
  return ok({ weights, rounds, inputs: [...inputs.values()] });
}
