/**
 * The memory bound of the data plane on a multi-gigabyte object, on two real node processes: FRA takes the content
 * in through its management API (streamed from a generator, never held), DEU pulls it when its transfer starts and
 * opens it back through its management API into a hash. Each node's resident set is sampled from /proc while the
 * object moves; what the data plane adds on top of the node's resident set before the put stays under 200 MB. The
 * size is 1 GiB (FOEDERA_E2E_DATAPLANE_MIB raises it; the benchmark runs 4 GiB with --scale 16).
 */
import assert from 'node:assert/strict';
import { createHash, randomFillSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';
import { negotiationEnd, putContent, sensorDataset } from './support/management.ts';

const MIB = 1024 * 1024;
const SIZE = Number(process.env['FOEDERA_E2E_DATAPLANE_MIB'] ?? 1024) * MIB;
const LIMIT_MB = 200;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) / 1024;
}

/** Samples the resident set of `pids` every 100 ms until stopped; answers each one's peak. */
function sampleRss(pids: number[]) {
  const peaks = pids.map(() => 0);
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const [i, pid] of pids.entries())
        peaks[i] = Math.max(peaks[i] ?? 0, await rssMb(pid).catch(() => 0));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peaks;
    },
  };
}

describe(`the data plane moves a ${SIZE / MIB} MiB object between node processes in bounded memory`, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  const tokens = new Map<string, string>();

  before(async () => {
    dir = await tempDir('dataplane-memory');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    await writeUserDirectory(join(dir.path, 'FRA', 'idp', 'users.json'), {
      users: { francois: { nationality: 'FRA', clearances: {}, coi: [], roles: ['publisher'] } },
    });
    await writeUserDirectory(join(dir.path, 'DEU', 'idp', 'users.json'), {
      users: { dora: { nationality: 'DEU', clearances: {}, coi: [], roles: ['analyst'] } },
    });
    [fra, deu] = await Promise.all([
      startNodeProcess(join(dir.path, 'FRA')),
      startNodeProcess(join(dir.path, 'DEU')),
    ]);
    tokens.set('FRA', await issueUserToken({ home: join(dir.path, 'FRA'), user: 'francois', ttl: '60m' }));
    tokens.set('DEU', await issueUserToken({ home: join(dir.path, 'DEU'), user: 'dora', ttl: '60m' }));
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir?.remove();
  });

  const api = async (
    node: NodeProcess | undefined,
    as: string,
    request: string | { path: string; body: unknown },
  ) => {
    const { path, body } = typeof request === 'string' ? { path: request, body: undefined } : request;
    const response = await fetch(`${node?.run.managementUrl}/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(as) ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test('put, pull and open each add less than 200 MB to the node resident set, and the bytes come back the same', async () => {
    const target = 'urn:uuid:00000000-0000-4000-8000-0000000b16b1';
    const offer = { '@type': 'Offer', '@id': 'urn:uuid:offer-b16b1', permission: [{ action: 'use' }] };
    const published = await api(fra, 'FRA', {
      path: '/datasets',
      body: sensorDataset({ id: target, title: 'Large sensor recording', offer }),
    });
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const pids = [fra?.child.pid ?? 0, deu?.child.pid ?? 0];
    const before = await Promise.all(pids.map(rssMb));
    const sampler = sampleRss(pids);

    const sent = createHash('sha256');
    const block = randomFillSync(Buffer.alloc(MIB));
    let produced = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced >= SIZE) {
          controller.close();
          return;
        }
        // A fresh block each time (index stamped in), so no segment repeats another.
        const chunk = Buffer.from(block);
        chunk.writeUInt32BE(produced / MIB, 0);
        sent.update(chunk);
        produced += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const put = await putContent({ node: fra, token: tokens.get('FRA') ?? '', datasetId: target, body });
    const putAnswer = await put.text();
    assert.equal(put.status, 201, putAnswer);
    assert.equal((JSON.parse(putAnswer) as { plaintextSize: number }).plaintextSize, SIZE);

    const negotiation = await api(deu, 'DEU', {
      path: '/negotiations',
      body: {
        provider: 'FRA',
        providerAddress: `${fra?.run.protocolUrl}/dsp`,
        offer: { ...offer, target },
      },
    });
    assert.equal(negotiation.status, 201, JSON.stringify(negotiation.body));
    const pid = String(negotiation.body.pid);
    let state = await negotiationEnd(async () =>
      String((await api(deu, 'DEU', `/negotiations/${encodeURIComponent(pid)}`)).body.state),
    );
    assert.equal(state, 'FINALIZED');
    const agreements = (await api(deu, 'DEU', '/agreements')).body.items as {
      target: string;
      agreement: { '@id': string };
    }[];
    const agreementId = agreements.find((a) => a.target === target)?.agreement['@id'] ?? '';
    const transfer = await api(deu, 'DEU', {
      path: '/transfers',
      body: {
        provider: 'FRA',
        providerAddress: `${fra?.run.protocolUrl}/dsp`,
        agreementId,
        format: 'HttpData-PULL',
      },
    });
    assert.equal(transfer.status, 201, JSON.stringify(transfer.body));
    const transferPid = String(transfer.body.pid);
    await waitFor(
      async () => {
        state = String((await api(deu, 'DEU', `/transfers/${encodeURIComponent(transferPid)}`)).body.state);
        return state === 'COMPLETED' || state === 'TERMINATED';
      },
      { timeoutMs: 280_000, intervalMs: 1000, what: 'the transfer to complete' },
    );
    assert.equal(state, 'COMPLETED');

    const opened = await fetch(
      `${deu?.run.managementUrl}/v1/dataplane/transfers/${encodeURIComponent(transferPid)}/plaintext`,
      { headers: { authorization: `Bearer ${tokens.get('DEU') ?? ''}` } },
    );
    assert.equal(opened.status, 200);
    const back = createHash('sha256');
    let length = 0;
    for await (const chunk of opened.body as unknown as AsyncIterable<Uint8Array>) {
      back.update(chunk);
      length += chunk.length;
    }
    const peaks = await sampler.stop();
    assert.equal(length, SIZE);
    assert.equal(back.digest('hex'), sent.digest('hex'));
    const growth = peaks.map((peak, i) => peak - (before[i] ?? 0));
    const shown = `FRA ${before[0]?.toFixed(0)} → ${peaks[0]?.toFixed(0)} MB, DEU ${before[1]?.toFixed(0)} → ${peaks[1]?.toFixed(0)} MB`;
    console.log(`# resident set while ${SIZE / MIB} MiB moved: ${shown}`);
    for (const added of growth) assert.ok(added < LIMIT_MB, shown);
  });
});
