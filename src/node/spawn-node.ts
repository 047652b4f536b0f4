/**
 * Runs a node as a child process (`foedera node start --home …`) and resolves once it has written its run file:
 * used by `foedera demo` and by the end-to-end tests, which need real processes.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FoederaError } from '../shared/errors.ts';
import { projectPath } from '../shared/project-root.ts';
import { RUN_FILE, type RunInfo } from './run-file.ts';

export const FOEDERA_BIN = projectPath('bin', 'foedera.js');

/**
 * V8 options of a node process: a young generation of 1 MB semi-spaces instead of 16 MB, and one V8 helper thread
 * instead of four (each kept its own malloc arena of compiler memory), together about 30 MB less resident for an idle
 * server. Operators running `foedera node start` themselves set them in NODE_OPTIONS.
 */
export const NODE_PROCESS_FLAGS = ['--max-semi-space-size=1', '--v8-pool-size=1'];

/**
 * Environment of a node process, under the caller's: glibc's malloc keeps up to eight arenas per core, one per
 * thread that happens to allocate (the libuv pool, V8's helper, OpenSSL's callers), each holding its own freed
 * memory; two arenas measured 2–7 MB less resident for an idle node (112–113 against 114–120 MB), with no change in
 * the data plane's or the protocol's benchmarks. Operators running `foedera node start` themselves set it too.
 */
export const NODE_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

export type SpawnedNode = {
  readonly child: ChildProcess;
  /** Resolves with the run file the child wrote; rejects if the child exits first or `timeoutMs` passes. */
  readonly ready: Promise<RunInfo>;
  /** Resolves with the exit code (or signal name) once the child has exited. */
  readonly exited: Promise<number | string>;
};

export function spawnNode(options: {
  home: string;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  timeoutMs?: number;
  /** Node.js options of the child; `NODE_PROCESS_FLAGS` by default. */
  nodeFlags?: readonly string[];
}): SpawnedNode {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? NODE_PROCESS_FLAGS), FOEDERA_BIN, 'node', 'start', '--home', options.home],
    {
      env: { ...NODE_PROCESS_ENV, ...(options.env ?? process.env) },
      stdio: options.stdio ?? ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  const ready = waitForRunFile({
    home: options.home,
    child,
    exited,
    timeoutMs: options.timeoutMs ?? 180_000,
  });
  // A caller that only awaits `exited` must not see an unhandled rejection from `ready`.
  ready.catch(() => undefined);
  return { child, ready, exited };
}

async function waitForRunFile(options: {
  home: string;
  child: ChildProcess;
  exited: Promise<number | string>;
  timeoutMs: number;
}): Promise<RunInfo> {
  const deadline = Date.now() + options.timeoutMs;
  let exit: number | string | undefined;
  void options.exited.then((code) => (exit = code));
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      throw new FoederaError('node-exited', `Node in "${options.home}" exited (${exit}) before it was ready`);
    }
    try {
      const info = JSON.parse(await readFile(join(options.home, RUN_FILE), 'utf8')) as RunInfo;
      if (info.pid === options.child.pid) return info;
    } catch {
      // Not written yet, or being replaced: try again.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new FoederaError(
    'node-timeout',
    `Node in "${options.home}" was not ready within ${options.timeoutMs} ms`,
  );
}
