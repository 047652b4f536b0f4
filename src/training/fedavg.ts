/** Federated averaging (McMahan et al., 2017): the new global weights are the local ones weighted by sample counts. */
import { err, ok, type Result } from '../shared/result.ts';

export function federatedAverage(
  updates: readonly { readonly weights: readonly number[]; readonly samples: number }[],
): Result<number[], 'no-updates' | 'dimension-mismatch'> {
  const total = updates.reduce((sum, u) => sum + u.samples, 0);
  const dim = updates[0]?.weights.length;
  if (dim === undefined || total === 0) return err('no-updates', 'Cannot average: no update carries samples');
  if (updates.some((u) => u.weights.length !== dim)) {
    return err('dimension-mismatch', 'Cannot average: updates have different numbers of weights');
  }
  const out = new Array<number>(dim).fill(0);
  for (const update of updates) {
    const share = update.samples / total;
    update.weights.forEach((w, j) => {
      out[j] = (out[j] ?? 0) + share * w;
    });
  }
  return ok(out);
}
