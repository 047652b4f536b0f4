/**
 * Federated training across three node processes: FRA and ITA each hold part of a synthetic two-class dataset
 * (split non-uniformly) under offers that permit only compute-to-data; DEU coordinates a logistic regression by
 * federated averaging over mutual TLS. No record leaves its owner; the model reaches the accuracy of the same model
 * trained centrally on the union within 2 points, is labelled with the high-water mark and recorded with its lineage.
 * With ITA stopped, every round skips it and completes with FRA.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { accuracy, train } from '../../src/training/logistic.ts';
import { gaussianClasses, toCsv, union } from '../../src/training/synthetic.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { api, negotiateCompute, publishComputeDataset } from '../integration/compute/node-fixtures.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';

type Training = {
  id: string;
  status: string;
  detail?: string;
  rounds: {
    round: number;
    samples: number;
    contributions: { provider: string; status: string; reason?: string }[];
  }[];
  model?: { weights: number[] };
  label?: { classification: string; categories: { tagName: string; values: string[] }[] };
  artefact?: string;
};

const parts = {
  FRA: gaussianClasses({ seed: 101, count: 450, features: 2, positiveShare: 0.2 }),
  ITA: gaussianClasses({ seed: 202, count: 150, features: 2, positiveShare: 0.85 }),
};
const holdout = gaussianClasses({ seed: 303, count: 2000, features: 2, positiveShare: 0.5 });
const hyper = { features: 2, rounds: 12, epochs: 5, learningRate: 0.5 };
const TOLERANCE = 0.02;

describe('federated training across running nodes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes: Record<string, NodeProcess | undefined> = {};
  const tokens: Record<string, string> = {};
  const agreements: string[] = [];

  before(async () => {
    dir = await tempDir('training');
    await makeFederation(dir.path, 'E2E', ['FRA', 'ITA', 'DEU']);
    for (const id of ['FRA', 'ITA', 'DEU']) {
      await writeUserDirectory(join(dir.path, id, 'idp', 'users.json'), {
        users: {
          op: {
            nationality: id,
            clearances: { NATO: 'NATO SECRET' },
            coi: [],
            roles: ['publisher', 'analyst'],
          },
        },
      });
    }
    const started = await Promise.all(
      ['FRA', 'ITA', 'DEU'].map((id) => startNodeProcess(join(dir.path, id))),
    );
    ['FRA', 'ITA', 'DEU'].forEach((id, i) => (nodes[id] = started[i]));
    for (const id of ['FRA', 'ITA', 'DEU']) {
      tokens[id] = await issueUserToken({ home: join(dir.path, id), user: 'op', ttl: '30m' });
    }
    for (const provider of ['FRA', 'ITA'] as const) {
      const target = `urn:uuid:${provider.toLowerCase()}-track-classes`;
      const { offerId } = await publishComputeDataset({
        node: nodes[provider],
        token: tokens[provider] ?? '',
        id: target,
        content: Buffer.from(toCsv(parts[provider])),
        releasableTo: ['FRA', 'ITA', 'DEU'],
        originator: `urn:foedera:participant:${provider}`,
      });
      agreements.push(
        await negotiateCompute({
          consumer: nodes.DEU,
          consumerToken: tokens.DEU ?? '',
          provider: nodes[provider],
          providerId: provider,
          target,
          offerId,
        }),
      );
    }
  });

  after(async () => {
    await Promise.all(Object.values(nodes).map((node) => stopNodeProcess(node)));
    await dir?.remove();
  });

  const train_ = async (rounds: number): Promise<Training> => {
    const started = await api({
      node: nodes.DEU,
      token: tokens.DEU ?? '',
      path: '/training/runs',
      body: { agreements, ...hyper, rounds },
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const id = (started.body as Training).id;
    let view: Training | undefined;
    await waitFor(
      async () => {
        view = (
          await api({
            node: nodes.DEU,
            token: tokens.DEU ?? '',
            path: `/training/runs/${encodeURIComponent(id)}`,
          })
        ).body as Training;
        return view.status !== 'running';
      },
      { timeoutMs: 240_000, intervalMs: 500, what: `training ${id} to end` },
    );
    assert.equal(view?.status, 'completed', JSON.stringify(view));
    return view as Training;
  };

  test('the federated model reaches the central model accuracy within 2 points, with its label and lineage', async () => {
    const run = await train_(hyper.rounds);
    assert.equal(run.rounds.length, hyper.rounds);
    assert.ok(
      run.rounds.every((r) => r.samples === 600 && r.contributions.every((c) => c.status === 'used')),
    );
    const weights = run.model?.weights ?? [];
    const central = train([0, 0, 0], union(parts.FRA, parts.ITA), {
      epochs: hyper.rounds * hyper.epochs,
      learningRate: hyper.learningRate,
    });
    const federated = accuracy(weights, holdout);
    const centrally = accuracy(central.weights, holdout);
    assert.ok(centrally > 0.85, `central accuracy ${centrally}`);
    assert.ok(
      Math.abs(federated - centrally) <= TOLERANCE,
      `federated accuracy ${federated}, central ${centrally}, tolerance ${TOLERANCE}`,
    );
    assert.equal(run.label?.classification, 'NATO UNCLASSIFIED');
    assert.deepEqual([...(run.label?.categories[0]?.values ?? [])].sort(), ['DEU', 'FRA', 'ITA']);
    assert.match(run.artefact ?? '', /^sha256:/, JSON.stringify(run));
    const lineage = JSON.stringify(
      (
        await api({
          node: nodes.DEU,
          token: tokens.DEU ?? '',
          path: `/lineage/${encodeURIComponent(run.artefact ?? '')}`,
        })
      ).body,
    );
    assert.match(lineage, /urn:uuid:fra-track-classes/);
    assert.match(lineage, /urn:uuid:ita-track-classes/);
    assert.match(lineage, /federated-training/);
    // Each provider audited every round it trained, under its agreement.
    const atFra = (
      await api({
        node: nodes.FRA,
        token: tokens.FRA ?? '',
        path: `/audit/entries?subject=${encodeURIComponent('dataset:urn:uuid:fra-track-classes')}&limit=500`,
      })
    ).body as { entries: { kind: string; details: { run?: string } }[] };
    assert.equal(
      atFra.entries.filter((e) => e.kind === 'dataset.training.round' && e.details.run === run.id).length,
      hyper.rounds,
    );
  });

  test('a provider that drops out is skipped in each round, which completes with the others', async () => {
    await stopNodeProcess(nodes.ITA);
    const run = await train_(2);
    for (const round of run.rounds) {
      assert.deepEqual(
        round.contributions.map((c) => [c.provider, c.status, c.reason ?? '']),
        [
          ['FRA', 'used', ''],
          ['ITA', 'skipped', 'provider-unreachable'],
        ],
      );
      assert.equal(round.samples, 450);
    }
  });
});
