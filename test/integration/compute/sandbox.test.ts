/**
 * The compute-to-data sandbox on its own: a WASI job reads its read-only view of a dataset and only its stdout
 * comes back; each limit is exercised by a hostile job (the .wat sources beside this file) and stopped with its reason.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_LIMITS, type ComputeLimits } from '../../../src/compute/sandbox/limits.ts';
import { runJob, type JobOutcome } from '../../../src/compute/sandbox/run-job.ts';
import { prepareModule } from '../../../src/compute/sandbox/wasm-module.ts';
import { wasm } from '../../../src/compute/sandbox/wasm-api.ts';
import { COUNT_BYTES_JOB, assembleWat } from '../../../src/compute/sandbox/wat.ts';

const limits: ComputeLimits = { ...DEFAULT_LIMITS, memoryPages: 256, wallMs: 1500, outputBytes: 4096 };

async function job(name: string): Promise<Uint8Array> {
  const path = name === 'count-bytes' ? COUNT_BYTES_JOB : new URL(`./jobs/${name}.wat`, import.meta.url);
  const assembled = await assembleWat(await readFile(path, 'utf8'), `${name}.wat`);
  assert.ok(assembled.ok, assembled.ok ? '' : assembled.detail);
  return assembled.value;
}

describe('the WASI sandbox of compute-to-data jobs', () => {
  let dir: string;
  const data = 'x,y,label\n1.5,2,1\n-1,0.5,0\n';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'foedera-sandbox-'));
    await writeFile(join(dir, 'dataset'), data);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const run = async (name: string): Promise<JobOutcome> => {
    const prepared = prepareModule(await job(name), limits);
    assert.ok(prepared.ok, prepared.ok ? '' : prepared.detail);
    return runJob({ prepared: prepared.value, dataDir: dir, limits });
  };
  const stopped = (outcome: JobOutcome) =>
    outcome.status === 'stopped' ? outcome : assert.fail('not stopped');

  test('runs a job over the dataset and returns only what it wrote to stdout', async () => {
    const outcome = await run('count-bytes');
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome));
    if (outcome.status !== 'completed') return;
    assert.equal(outcome.exitCode, 0);
    assert.equal(outcome.stdout.toString(), `bytes=${data.length} lines=3\n`);
    assert.equal(outcome.usage.outputBytes, outcome.stdout.length);
  });

  test('lowers the declared memory maximum of a module to the limit', async () => {
    const prepared = prepareModule(await job('count-bytes'), limits);
    assert.ok(prepared.ok);
    assert.deepEqual(prepared.value.memory, { initialPages: 2, maximumPages: 256 });
    const declared = wasm.Module.exports(prepared.value.module).find((e) => e.name === 'memory');
    assert.equal(declared?.kind, 'memory');
  });

  test('stops a job that never ends at the wall-time limit', async () => {
    const outcome = stopped(await run('loop'));
    assert.equal(outcome.reason, 'time-limit');
    assert.match(outcome.detail, /longer than the limit of 1500 ms/);
  });

  test('stops a job that allocates without bound at the memory limit', async () => {
    const outcome = stopped(await run('grow'));
    assert.equal(outcome.reason, 'memory-limit', outcome.detail);
    assert.ok(outcome.usage.memoryBytes <= limits.memoryPages * 65_536);
  });

  test('refuses a module whose initial memory is above the limit before it runs', async () => {
    const prepared = prepareModule(await job('huge-memory'), limits);
    assert.equal(prepared.ok ? 'ran' : prepared.reason, 'memory-limit');
  });

  test('stops a job that writes more than the output limit', async () => {
    const outcome = stopped(await run('flood'));
    assert.equal(outcome.reason, 'output-limit');
    assert.match(outcome.detail, /more than the limit of 4096 bytes to stdout/);
  });

  test('stops a job that reaches outside its view of the dataset', async () => {
    const outcome = stopped(await run('escape'));
    assert.equal(outcome.reason, 'sandbox-escape');
    assert.match(outcome.detail, /"\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd"/);
  });

  test('gives a job that opens the dataset for writing EROFS and leaves the data as it was', async () => {
    const outcome = await run('overwrite');
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.status === 'completed' ? outcome.exitCode : -1, 69);
    assert.equal(await readFile(join(dir, 'dataset'), 'utf8'), data);
  });

  test('refuses imports beyond WASI preview1, and WASI sockets, before the job runs', async () => {
    for (const [name, pattern] of [
      ['env-import', /"env"\."fetch" .* not a WASI preview1 function/],
      ['socket', /"sock_send" .* a job has no network/],
    ] as const) {
      const prepared = prepareModule(await job(name), limits);
      assert.equal(prepared.ok ? 'ran' : prepared.reason, 'forbidden-import', name);
      assert.match(prepared.ok ? '' : prepared.detail, pattern);
    }
  });

  test('refuses bytes that are not a WebAssembly module, naming why', () => {
    const prepared = prepareModule(new TextEncoder().encode('#!/bin/sh\ncurl evil'), limits);
    assert.equal(prepared.ok ? 'ran' : prepared.reason, 'invalid-module');
    assert.match(prepared.ok ? '' : prepared.detail, /not a WebAssembly 1\.0 binary/);
  });
});
