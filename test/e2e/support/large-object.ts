/**
 * A large object through two real node processes, as an operator moves it: FRA takes the content in through its
 * management API (streamed from a generator, never held), DEU pulls it when its transfer starts and opens it back
 * through its management API into a hash. The resident set of each node process is sampled from /proc every 100 ms,
 * and its peak kept for each phase. Used by the e2e memory test (1 GiB) and by `npm run bench -- dataplane` (4 GiB).
 */
import { createHash, randomFillSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { issueUserToken } from '../../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './federation.ts';
import { negotiationEnd, putContent, sensorDataset } from './management.ts';

const MIB = 1024 * 1024;
export const PHASES = ['put', 'pull', 'open'] as const;
export type Phase = (typeof PHASES)[number];
export type NodeMemory = { readonly before: number; readonly peaks: Readonly<Record<Phase, number>> };
export type LargeObjectRun = {
  /** Resident set (MB) of the owner (FRA) and the receiver (DEU): before the put, and the peak of each phase. */
  readonly owner: NodeMemory;
  readonly receiver: NodeMemory;
  readonly seconds: Readonly<Record<Phase, number>>;
  /** The opened plaintext has the length and SHA-256 of what was put. */
  readonly identical: boolean;
};

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) / 1024;
}

/** Samples the resident set of `pids` every 100 ms, into the peaks of the phase `phase()` names at each sample. */
function sampleRss(pids: readonly number[], phase: () => Phase) {
  const peaks = pids.map(() => ({ put: 0, pull: 0, open: 0 }));
  let running = true;
  const loop = (async () => {
    while (running) {
      const now = phase();
      for (const [i, pid] of pids.entries()) {
        const peak = peaks[i];
        if (peak !== undefined) peak[now] = Math.max(peak[now], await rssMb(pid).catch(() => 0));
      }
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

export async function moveLargeObject(options: {
  size: number;
  timeoutMs?: number;
}): Promise<LargeObjectRun> {
  const { size } = options;
  const dir = await tempDir('large-object');
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  try {
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
    const tokens = {
      FRA: await issueUserToken({ home: join(dir.path, 'FRA'), user: 'francois', ttl: '60m' }),
      DEU: await issueUserToken({ home: join(dir.path, 'DEU'), user: 'dora', ttl: '60m' }),
    };
    const api = async (
      node: NodeProcess | undefined,
      as: keyof typeof tokens,
      request: string | { path: string; body: unknown },
    ) => {
      const { path, body } = typeof request === 'string' ? { path: request, body: undefined } : request;
      const response = await fetch(`${node?.run.managementUrl}/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${tokens[as]}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const expect = (ok: boolean, what: string) => {
      if (!ok) throw new Error(what);
    };

    const target = 'urn:uuid:00000000-0000-4000-8000-0000000b16b1';
    const offer = { '@type': 'Offer', '@id': 'urn:uuid:offer-b16b1', permission: [{ action: 'use' }] };
    const published = await api(fra, 'FRA', {
      path: '/datasets',
      body: sensorDataset({ id: target, title: 'Large sensor recording', offer }),
    });
    expect(published.status === 201, `publish: ${JSON.stringify(published.body)}`);
    const pids = [fra.child.pid ?? 0, deu.child.pid ?? 0];
    const before = await Promise.all(pids.map(rssMb));
    let phase: Phase = 'put';
    const sampler = sampleRss(pids, () => phase);
    const seconds = { put: 0, pull: 0, open: 0 };
    let started = process.hrtime.bigint();
    const lap = (done: Phase) => {
      seconds[done] = Number(process.hrtime.bigint() - started) / 1e9;
      started = process.hrtime.bigint();
    };

    const sent = createHash('sha256');
    const block = randomFillSync(Buffer.alloc(MIB));
    let produced = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced >= size) {
          controller.close();
          return;
        }
        // A fresh block each time (index stamped in), so no segment repeats another.
        const chunk = Buffer.from(block.subarray(0, Math.min(MIB, size - produced)));
        chunk.writeUInt32BE(produced / MIB, 0);
        sent.update(chunk);
        produced += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const put = await putContent({ node: fra, token: tokens.FRA, datasetId: target, body });
    const putAnswer = await put.text();
    expect(put.status === 201, `put: ${putAnswer}`);
    lap('put');

    // The negotiation is counted with the pull: it moves no data.
    phase = 'pull';
    const negotiation = await api(deu, 'DEU', {
      path: '/negotiations',
      body: { provider: 'FRA', providerAddress: `${fra.run.protocolUrl}/dsp`, offer: { ...offer, target } },
    });
    expect(negotiation.status === 201, `negotiate: ${JSON.stringify(negotiation.body)}`);
    const pid = String(negotiation.body.pid);
    const negotiated = await negotiationEnd(async () =>
      String((await api(deu, 'DEU', `/negotiations/${encodeURIComponent(pid)}`)).body.state),
    );
    expect(negotiated === 'FINALIZED', `negotiation ended ${negotiated}`);
    const agreements = (await api(deu, 'DEU', '/agreements')).body.items as {
      target: string;
      agreement: { '@id': string };
    }[];
    const agreementId = agreements.find((a) => a.target === target)?.agreement['@id'] ?? '';
    const transfer = await api(deu, 'DEU', {
      path: '/transfers',
      body: {
        provider: 'FRA',
        providerAddress: `${fra.run.protocolUrl}/dsp`,
        agreementId,
        format: 'HttpData-PULL',
      },
    });
    expect(transfer.status === 201, `transfer: ${JSON.stringify(transfer.body)}`);
    const transferPid = String(transfer.body.pid);
    let state = '';
    await waitFor(
      async () => {
        state = String((await api(deu, 'DEU', `/transfers/${encodeURIComponent(transferPid)}`)).body.state);
        return state === 'COMPLETED' || state === 'TERMINATED';
      },
      { timeoutMs: options.timeoutMs ?? 280_000, intervalMs: 500, what: 'the transfer to complete' },
    );
    expect(state === 'COMPLETED', `transfer ended ${state}`);
    lap('pull');

    phase = 'open';
    const opened = await fetch(
      `${deu.run.managementUrl}/v1/dataplane/transfers/${encodeURIComponent(transferPid)}/plaintext`,
      { headers: { authorization: `Bearer ${tokens.DEU}` } },
    );
    expect(opened.status === 200, `open: HTTP ${opened.status}`);
    const back = createHash('sha256');
    let length = 0;
    for await (const chunk of opened.body as unknown as AsyncIterable<Uint8Array>) {
      back.update(chunk);
      length += chunk.length;
    }
    lap('open');
    const [owner, receiver] = await sampler.stop();
    return {
      owner: { before: before[0] ?? Number.NaN, peaks: owner ?? { put: 0, pull: 0, open: 0 } },
      receiver: { before: before[1] ?? Number.NaN, peaks: receiver ?? { put: 0, pull: 0, open: 0 } },
      seconds,
      identical: length === size && back.digest('hex') === sent.digest('hex'),
    };
  } finally {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir.remove();
  }
}

/** `FRA 120 MB before, put 160, pull 165, open 166 MB` for each node. */
export function describeMemory(run: LargeObjectRun): string {
  const one = (name: string, memory: NodeMemory) =>
    `${name} ${memory.before.toFixed(0)} MB before, ` +
    PHASES.map((phase) => `${phase} ${memory.peaks[phase].toFixed(0)}`).join(', ') +
    ' MB';
  return `${one('owner (FRA)', run.owner)}; ${one('receiver (DEU)', run.receiver)}`;
}

export const peakOf = (memory: NodeMemory): number => Math.max(...PHASES.map((phase) => memory.peaks[phase]));
