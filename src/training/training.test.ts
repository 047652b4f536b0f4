import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, ok } from '../shared/result.ts';
import { coordinate, type SendRound, type TrainingSpec } from './coordinator.ts';
import { readCsvSamples } from './csv-samples.ts';
import { federatedAverage } from './fedavg.ts';
import { accuracy, train, type Samples } from './logistic.ts';
import { gaussianClasses, toCsv, union } from './synthetic.ts';

const label = {
  policy: 'NATO',
  classification: 'NATO UNCLASSIFIED',
  categories: [],
  originator: 'FRA',
  creationTime: '2026-11-26T05:00:00Z',
};

const spec: TrainingSpec = {
  kind: 'logistic-regression',
  features: 2,
  rounds: 15,
  epochs: 5,
  learningRate: 0.5,
  l2: 0,
  labelColumn: 'label',
};

/** Providers in-process: each trains on its own part, as a node's training round does. */
function inProcess(
  parts: Record<string, Samples>,
  down: (provider: string, round: number) => boolean,
): SendRound {
  return async (to, round) => {
    if (down(to.provider, round.round)) return err('provider-unreachable', `${to.provider} is down`);
    const data = parts[to.provider];
    if (data === undefined) return err('unknown', to.provider);
    return ok({ ...train(round.weights, data, spec), dataset: `urn:${to.provider}`, label });
  };
}

test('federatedAverage() weights each update by its sample count', () => {
  const averaged = federatedAverage([
    { weights: [1, 0], samples: 3 },
    { weights: [0, 1], samples: 1 },
  ]);
  assert.deepEqual(averaged.ok ? averaged.value : averaged.reason, [0.75, 0.25]);
  assert.equal(federatedAverage([]).ok, false);
});

test('one local step of FedAvg equals one step of gradient descent on the union of the data', () => {
  const a = gaussianClasses({ seed: 1, count: 50, features: 3, positiveShare: 0.2 });
  const b = gaussianClasses({ seed: 2, count: 20, features: 3, positiveShare: 0.9 });
  const start = [0.1, -0.2, 0.3, 0];
  const options = { epochs: 1, learningRate: 0.3 };
  const averaged = federatedAverage([train(start, a, options), train(start, b, options)]);
  const central = train(start, union(a, b), options).weights;
  assert.ok(averaged.ok);
  averaged.value.forEach((w, j) => assert.ok(Math.abs(w - (central[j] ?? NaN)) < 1e-12));
});

test('the federated model reaches the accuracy of the central one within 2 points on a non-uniform split', async () => {
  const parts = {
    FRA: gaussianClasses({ seed: 11, count: 400, features: 2, positiveShare: 0.2 }),
    ITA: gaussianClasses({ seed: 12, count: 150, features: 2, positiveShare: 0.85 }),
  };
  const holdout = gaussianClasses({ seed: 13, count: 1000, features: 2, positiveShare: 0.5 });
  const trained = await coordinate({
    spec,
    contributions: [
      { agreementId: 'a-fra', provider: 'FRA' },
      { agreementId: 'a-ita', provider: 'ITA' },
    ],
    send: inProcess(parts, () => false),
  });
  assert.ok(trained.ok);
  const central = train([0, 0, 0], union(parts.FRA, parts.ITA), {
    epochs: spec.rounds * spec.epochs,
    learningRate: spec.learningRate,
  });
  const [federated, centralAccuracy] = [
    accuracy(trained.value.weights, holdout),
    accuracy(central.weights, holdout),
  ];
  assert.ok(centralAccuracy > 0.85, `central accuracy ${centralAccuracy}`);
  assert.ok(
    Math.abs(federated - centralAccuracy) <= 0.02,
    `federated ${federated}, central ${centralAccuracy}`,
  );
});

test('a provider that drops out of a round is skipped and the round completes with the others', async () => {
  const parts = {
    FRA: gaussianClasses({ seed: 21, count: 100, features: 2, positiveShare: 0.5 }),
    ITA: gaussianClasses({ seed: 22, count: 100, features: 2, positiveShare: 0.5 }),
  };
  const trained = await coordinate({
    spec: { ...spec, rounds: 3 },
    contributions: [
      { agreementId: 'a-fra', provider: 'FRA' },
      { agreementId: 'a-ita', provider: 'ITA' },
    ],
    send: inProcess(parts, (provider, round) => provider === 'ITA' && round === 2),
  });
  assert.ok(trained.ok);
  const second = trained.value.rounds[1];
  assert.deepEqual(
    second?.contributions.map((c) => [c.provider, c.status]),
    [
      ['FRA', 'used'],
      ['ITA', 'skipped'],
    ],
  );
  assert.equal(second?.samples, 100);
  assert.equal(trained.value.rounds[2]?.samples, 200);
});

test('a round in which no provider answers fails the run with every reason', async () => {
  const trained = await coordinate({
    spec,
    contributions: [{ agreementId: 'a-fra', provider: 'FRA' }],
    send: inProcess({}, () => true),
  });
  assert.equal(trained.ok ? 'ok' : trained.reason, 'round-failed');
  assert.match(trained.ok ? '' : trained.detail, /Round 1 failed: .*FRA: FRA is down/);
});

test('readCsvSamples() reads what toCsv() writes and names a bad cell by line and column', () => {
  const data = gaussianClasses({ seed: 5, count: 10, features: 2, positiveShare: 0.5 });
  const read = readCsvSamples(toCsv(data), { labelColumn: 'label' });
  assert.ok(read.ok);
  assert.deepEqual(read.value.features, ['x1', 'x2']);
  assert.deepEqual(read.value.y, data.y);
  const bad = readCsvSamples('x1,label\n1,0\nfoo,1\n', { labelColumn: 'label' });
  assert.match(bad.ok ? '' : bad.detail, /line 3, column "x1": "foo" is not a number/);
  const noLabel = readCsvSamples('x1,y\n1,0\n', { labelColumn: 'label' });
  assert.match(noLabel.ok ? '' : noLabel.detail, /no column "label"/);
});
