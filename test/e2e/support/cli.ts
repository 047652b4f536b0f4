/**
 * The real `foedera` command (node bin/foedera.js) as e2e tests drive it: a process of its own with none of the
 * caller's FOEDERA_* or DATABASE_URL settings, so only the flags a test passes decide where it acts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { FOEDERA_BIN } from '../../../src/node/spawn-node.ts';

export type Run = { status: number | null; stdout: string; stderr: string };

// A safety net against a hung command on a loaded machine, far above what any verb takes.
const KILL_AFTER_MS = 240_000;

/** Runs the command without blocking this process: the nodes' log pipes must keep draining meanwhile. */
export function foedera(...args: string[]): Promise<Run> {
  const {
    DATABASE_URL: _db,
    FOEDERA_HOME: _h,
    FOEDERA_USER: _u,
    FOEDERA_URL: _l,
    FOEDERA_TOKEN: _t,
    ...env
  } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FOEDERA_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The whole outcome of a run, as the message of a failed assertion. */
export const show = (run: Run) => `exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

/** The JSON a run printed, once it is known to have succeeded. */
export function json<T>(run: Run): T {
  assert.equal(run.status, 0, show(run));
  return JSON.parse(run.stdout) as T;
}
