/**
 * Group `node`: resident memory of a started node process once idle (goal < 120 MB). The node runs as `npm start`
 * runs it (`foedera node start` through `spawnNode`, embedded stores) and reports its own RSS on /metrics after
 * settling. The figure is taken on a restart, the state a node lives in; the first start (which also creates the
 * embedded database) is printed as a comment, as are, side by side in the same run, what each memory measure saves
 * (the node run with that measure undone) and where the resident memory of the node goes (from /proc/PID/smaps).
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFederation } from '../src/trust/federation/create-federation.ts';
import { spawnNode } from '../src/node/spawn-node.ts';
import { figure } from './report.ts';
import type { BenchOptions } from './main.ts';

const SETTLE_MS = 5000;
const MB = 1024 * 1024;

type Idle = { rss: number; heapCommitted: number; parts: Record<string, number> | undefined };

export async function run(_options: BenchOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'foedera-bench-node-'));
  const home = join(dir, 'FRA');
  try {
    await createFederation({ dir, name: 'Bench', participants: [{ id: 'FRA' }], now: new Date() });
    const first = await idle({ home });
    console.log(
      `# node idle RSS on its first start (creates the embedded database): ${first.rss.toFixed(0)} MB`,
    );
    const shipped = await idle({ home });
    if (shipped.parts !== undefined) {
      const parts = Object.entries(shipped.parts)
        .map(([part, mb]) => `${part} ${mb.toFixed(0)}`)
        .join(', ');
      console.log(`# where the idle node's ${shipped.rss.toFixed(0)} MB go (MB): ${parts}`);
    }
    const undone: [string, Parameters<typeof idle>[0]][] = [
      ['sources run through the tsx loader instead of compiled', { home, env: { FOEDERA_RUN_SOURCES: '1' } }],
      ['PGlite WebAssembly optimised by TurboFan too', { home, env: { FOEDERA_WASM_TIER_UP: '1' } }],
      ["V8's default 16 MB semi-spaces and four helper threads", { home, nodeFlags: [] }],
      ["PGlite's whole 6 MB file bundle kept", { home, env: { FOEDERA_KEEP_PGLITE_BUNDLE: '1' } }],
      // glibc's own default: eight arenas per core.
      [
        "glibc's default malloc arenas",
        { home, env: { MALLOC_ARENA_MAX: String(8 * availableParallelism()) } },
      ],
    ];
    for (const [what, options] of undone) {
      const other = await idle(options);
      const delta = other.rss - shipped.rss;
      console.log(
        `# with ${what}: ${other.rss.toFixed(0)} MB (${delta >= 0 ? '+' : ''}${delta.toFixed(0)} MB)`,
      );
    }
    figure('node-idle-rss', shipped.rss, 'MB');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function idle(options: {
  home: string;
  env?: Record<string, string>;
  nodeFlags?: readonly string[];
}): Promise<Idle> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const node = spawnNode({
    home: options.home,
    env: { ...env, FOEDERA_LOG_LEVEL: 'warn', ...options.env },
    ...(options.nodeFlags === undefined ? {} : { nodeFlags: options.nodeFlags }),
  });
  try {
    const run = await node.ready;
    // One request first, so that the figure is of a node that has served, not of one never touched.
    await fetch(`${run.managementUrl}/readyz`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const metrics = await (await fetch(`${run.managementUrl}/metrics`)).text();
    const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]) / MB;
    const heapCommitted = read('process_heap_committed_bytes');
    return {
      rss: read('process_resident_memory_bytes'),
      heapCommitted,
      parts: await residentParts(node.child.pid, heapCommitted),
    };
  } finally {
    node.child.kill('SIGTERM');
    await node.exited;
  }
}

/**
 * Resident memory by kind, from the kernel's view of the mappings (Linux only): files mapped (the node binary and
 * shared libraries), the WebAssembly memory of PGlite (V8 reserves it as one anonymous mapping of at least 128 MB,
 * the module's initial size), PGlite's code compiled by Liftoff (V8's one executable mapping for WebAssembly code,
 * of several MB; JavaScript code lives in the heap's own small pages), the V8 heap (committed, as the node reports
 * it), and the rest: malloc, including what PGlite keeps of its package (the 9 MB WebAssembly module V8
 * holds, and the 1 MB of its file system bundle that an open cluster reads).
 */
async function residentParts(
  pid: number | undefined,
  heapCommitted: number,
): Promise<Record<string, number> | undefined> {
  if (pid === undefined) return undefined;
  const text = await readFile(`/proc/${pid}/smaps`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let files = 0;
  let wasm = 0;
  let wasmCode = 0;
  let anonymous = 0;
  for (const mapping of text.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)) {
    const header = mapping.slice(0, mapping.indexOf('\n'));
    const [range = '', perms = '', , , , path = ''] = header.split(/\s+/);
    const [start = 0, end = 0] = range.split('-').map((hex) => parseInt(hex, 16));
    const rss = Number(/\nRss:\s+(\d+) kB/.exec(mapping)?.[1] ?? 0) / 1024;
    if (path.startsWith('/')) files += rss;
    else if (end - start >= 128 * MB) wasm += rss;
    else if (perms.includes('x') && end - start >= MB) wasmCode += rss;
    else anonymous += rss;
  }
  return {
    'mapped files (node binary, libraries)': files,
    'PGlite WebAssembly memory': wasm,
    'PGlite compiled code': wasmCode,
    'V8 heap': heapCommitted,
    'malloc (PGlite module) and other': Math.max(0, anonymous - heapCommitted),
  };
}
