/**
 * Binary logistic regression in plain TypeScript: the model federated training shares. Weights are one per feature
 * followed by the bias. Training is full-batch gradient descent, so a run is a pure function of its inputs: no
 * shuffling, no hidden state, the same weights on every machine.
 */
export type Samples = { readonly x: readonly (readonly number[])[]; readonly y: readonly number[] };

export type LocalUpdate = {
  readonly weights: number[];
  /** How many records the update was computed on: FedAvg's weight. */
  readonly samples: number;
  /** Mean log loss on those records before the update. */
  readonly loss: number;
};

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function predictProbability(weights: readonly number[], features: readonly number[]): number {
  let z = weights[features.length] ?? 0;
  for (let j = 0; j < features.length; j++) z += (weights[j] ?? 0) * (features[j] ?? 0);
  return sigmoid(z);
}

export function accuracy(weights: readonly number[], data: Samples): number {
  let right = 0;
  data.x.forEach((features, i) => {
    if ((predictProbability(weights, features) >= 0.5 ? 1 : 0) === data.y[i]) right += 1;
  });
  return data.x.length === 0 ? 0 : right / data.x.length;
}

export function logLoss(weights: readonly number[], data: Samples): number {
  let sum = 0;
  data.x.forEach((features, i) => {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, predictProbability(weights, features)));
    sum -= data.y[i] === 1 ? Math.log(p) : Math.log(1 - p);
  });
  return data.x.length === 0 ? 0 : sum / data.x.length;
}

/** `epochs` steps of full-batch gradient descent from `weights` (L2-regularised by `l2`, bias excluded). */
export function train(
  weights: readonly number[],
  data: Samples,
  options: { epochs: number; learningRate: number; l2?: number },
): LocalUpdate {
  const n = data.x.length;
  const dim = weights.length;
  const w = [...weights];
  const loss = logLoss(w, data);
  if (n === 0) return { weights: w, samples: 0, loss };
  const l2 = options.l2 ?? 0;
  const gradient = new Array<number>(dim);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    gradient.fill(0);
    data.x.forEach((features, i) => {
      const error = predictProbability(w, features) - (data.y[i] ?? 0);
      for (let j = 0; j < features.length; j++) gradient[j] = (gradient[j] ?? 0) + error * (features[j] ?? 0);
      gradient[dim - 1] = (gradient[dim - 1] ?? 0) + error;
    });
    for (let j = 0; j < dim; j++) {
      const decay = j < dim - 1 ? l2 * (w[j] ?? 0) : 0;
      w[j] = (w[j] ?? 0) - options.learningRate * ((gradient[j] ?? 0) / n + decay);
    }
  }
  return { weights: w, samples: n, loss };
}
