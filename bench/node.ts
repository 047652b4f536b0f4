/**
 * Group `node`: resident memory of a started node process once idle (goal < 120 MB). The node runs as operators run
 * it (`foedera node start`, embedded stores) and reports its own RSS on /metrics after settling. The figure is taken
 * on a restart, the state a node lives in: the very first start also creates the embedded database (initdb), which
 * grows the WebAssembly memory of PGlite for good, and that figure is printed too, as a comment line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFederation } from '../src/trust/federation/create-federation.ts';
import { spawnNode } from '../src/node/spawn-node.ts';
import { figure } from './report.ts';
import type { BenchOptions } from './main.ts';

const SETTLE_MS = 5000;

export async function run(_options: BenchOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'foedera-bench-node-'));
  try {
    await createFederation({ dir, name: 'Bench', participants: [{ id: 'FRA' }], now: new Date() });
    const first = await idleRss(join(dir, 'FRA'));
    console.log(`# node idle RSS on its first start (creates the embedded database): ${first.toFixed(0)} MB`);
    figure('node-idle-rss', await idleRss(join(dir, 'FRA')), 'MB');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function idleRss(home: string): Promise<number> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const node = spawnNode({ home, env: { ...env, FOEDERA_LOG_LEVEL: 'warn' } });
  try {
    const run = await node.ready;
    // One request first, so that the figure is of a node that has served, not of one never touched.
    await fetch(`${run.managementUrl}/readyz`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const metrics = await (await fetch(`${run.managementUrl}/metrics`)).text();
    return Number(/^process_resident_memory_bytes (\d+)$/m.exec(metrics)?.[1]) / (1024 * 1024);
  } finally {
    node.child.kill('SIGTERM');
    await node.exited;
  }
}
