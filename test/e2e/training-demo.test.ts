/**
 * The AI part of the demo on a federation like `npm start`'s (FRA, DEU and the Agency, EDA): seeding twice publishes
 * the two parts of the counter-drone dataset (with their Croissant cards) and negotiates once; the demo's runs then
 * compute on FRA's part and train over both parts from EDA, with the label and lineage recorded.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { aiDemoCommands, runAiDemo, seedAiDemo, type AiDemoNode } from '../../src/training/demo.ts';
import { AI_DEMO_PARTS } from '../../src/training/demo-datasets.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type NodeProcess,
} from './support/federation.ts';

const USERS: Record<string, { nationality: string; clearances: Record<string, string> }> = {
  FRA: { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' } },
  DEU: { nationality: 'DEU', clearances: { NATO: 'NATO SECRET' } },
  EDA: { nationality: 'ITA', clearances: { EU: 'CONFIDENTIEL UE/EU CONFIDENTIAL' } },
};

describe('the AI part of the demo federation', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const processes: NodeProcess[] = [];
  const nodes: Record<string, AiDemoNode> = {};

  before(async () => {
    dir = await tempDir('ai-demo');
    await makeFederation(dir.path, 'Demo', ['FRA', 'DEU', 'EDA']);
    for (const [id, user] of Object.entries(USERS)) {
      await writeUserDirectory(join(dir.path, id, 'idp', 'users.json'), {
        users: { demo: { ...user, coi: [], roles: ['analyst', 'data-steward', 'publisher'] } },
      });
    }
    processes.push(
      ...(await Promise.all(['FRA', 'DEU', 'EDA'].map((id) => startNodeProcess(join(dir.path, id))))),
    );
    for (const [i, id] of ['FRA', 'DEU', 'EDA'].entries()) {
      const run = processes[i]?.run;
      nodes[id] = {
        participant: id,
        managementUrl: run?.managementUrl ?? '',
        protocolUrl: run?.protocolUrl ?? '',
        token: await issueUserToken({ home: join(dir.path, id), user: 'demo', ttl: '30m' }),
      };
    }
  });

  after(async () => {
    await Promise.all(processes.map((node) => stopNodeProcess(node)));
    await dir?.remove();
  });

  test('seeding twice publishes and negotiates once; the compute run and the federated training complete', async () => {
    const seed = () => seedAiDemo({ providers: [nodes.FRA!, nodes.DEU!], coordinator: nodes.EDA! });
    const agreements = await seed();
    assert.deepEqual(
      agreements.map((a) => [a.provider, a.dataset]),
      AI_DEMO_PARTS.map((p) => [p.provider, p.id]),
    );
    assert.deepEqual(await seed(), agreements);
    const card = await fetch(
      `${nodes.FRA?.managementUrl}/v1/datasets/${encodeURIComponent(AI_DEMO_PARTS[0]!.id)}`,
      {
        headers: { authorization: `Bearer ${nodes.FRA?.token}` },
      },
    );
    assert.match(JSON.stringify(await card.json()), /binary-classification/);

    const { compute, training } = await runAiDemo({ coordinator: nodes.EDA!, agreements });
    assert.equal(compute?.status, 'completed', JSON.stringify(compute));
    assert.match(Buffer.from(compute?.output ?? '', 'base64').toString(), /^bytes=\d+ lines=1201\n$/);
    assert.equal(training.status, 'completed', JSON.stringify(training));
    assert.equal(training.rounds.at(-1)?.samples, 1700);
    assert.match(training.artefact ?? '', /^sha256:/);
    assert.equal(training.label?.classification, 'NATO UNCLASSIFIED');
    const commands = aiDemoCommands({ home: '.foedera/EDA', user: 'chiara', agreements });
    assert.match(
      commands[0] ?? '',
      /compute run --agreement \S+ \S+count-bytes\.wat --home \.foedera\/EDA --user chiara/,
    );
    assert.match(commands[1] ?? '', /training run --agreement \S+ --agreement \S+ --features 2/);
  });
});
