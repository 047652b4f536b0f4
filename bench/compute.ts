/**
 * Compute-to-data overhead, on the same dataset and the same job (src/compute/jobs/count-bytes.wat) in one run:
 * - `compute-direct`: the job run in this thread under node:wasi on the plaintext already on disk (no sandbox);
 * - `compute-to-data`: the provider's whole path: the dataset's encrypted object read from the blob store and
 *   decrypted (data key unsealed, segments checked), written to the job's fresh read-only view, the module checked
 *   and its memory capped, a worker started, the job run under the limits;
 * - `compute-sandbox-start`: a job that does nothing, through the sandbox (the fixed cost of a worker);
 * - `compute-data-access`: decrypting and writing the dataset for a job;
 * - `compute-overhead`: compute-to-data over direct, as a ratio. Medians of several runs; 16 MiB at scale 1.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { labelsModuleBinder } from '../src/dataplane/format/label-binding.ts';
import { sealObject } from '../src/dataplane/format/seal-object.ts';
import { generateNodeSigningKey, staticKeyLookup } from '../src/dataplane/keys/node-signing-key.ts';
import { sealDataKey } from '../src/dataplane/service/master-key.ts';
import { blobSegmentSink } from '../src/dataplane/transfer/blob-segments.ts';
import { openView } from '../src/compute/provider/dataset-content.ts';
import { DEFAULT_LIMITS } from '../src/compute/sandbox/limits.ts';
import { runJob } from '../src/compute/sandbox/run-job.ts';
import { prepareModule } from '../src/compute/sandbox/wasm-module.ts';
import { COUNT_BYTES_JOB, assembleWat } from '../src/compute/sandbox/wat.ts';
import { openBlobStore } from '../src/store/blob/open.ts';
import type { BenchOptions } from './main.ts';
import { figure } from './report.ts';

const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function assembled(source: string): Promise<Uint8Array> {
  const bytes = await assembleWat(source);
  if (!bytes.ok) throw new Error(bytes.detail);
  return bytes.value;
}

/** The same job in this thread: node:wasi, no worker, no limits, the data already in a directory. */
function runDirect(module: WebAssemblyModule, dir: string, outFile: string): void {
  const out = openSync(outFile, 'w');
  try {
    const wasi = new WASI({
      version: 'preview1',
      preopens: { '/data': dir },
      stdout: out,
      returnOnExit: true,
    });
    const api = (
      globalThis as unknown as { WebAssembly: { Instance: new (m: unknown, i: object) => object } }
    ).WebAssembly;
    const instance = new api.Instance(module, wasi.getImportObject());
    const code = wasi.start(instance);
    if (code !== 0) throw new Error(`direct run exited with ${code}`);
  } finally {
    closeSync(out);
  }
}
type WebAssemblyModule = object;

export async function run(options: BenchOptions): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'foedera-bench-compute-'));
  const blobs = await openBlobStore({ dir: join(work, 'blobs') });
  try {
    const size = Math.round(16 * 1024 * 1024 * options.scale);
    const line = Buffer.from('2026-11-26T05:00:00Z,sensor-7,12.345,ok\n');
    const plaintext = Buffer.alloc(size);
    for (let at = 0; at < size; at += line.length) line.copy(plaintext, at);
    const lines = plaintext.subarray(0, size).filter((b) => b === 10).length;

    const { signingKey, publicKey } = generateNodeSigningKey({ participant: 'FRA', kid: 'bench' });
    const lookup = staticKeyLookup([{ participant: 'FRA', kid: 'bench', publicKey }]);
    const master = { kid: 'bench-master', key: randomBytes(32) };
    const sealed = await sealObject({
      source: (async function* () {
        yield plaintext;
      })(),
      sink: blobSegmentSink(blobs),
      label: {
        policy: 'NATO',
        classification: 'NATO RESTRICTED',
        categories: [],
        originator: 'FRA',
        creationTime: '2026-11-26T05:00:00Z',
      },
      labelBinder: labelsModuleBinder({ signingKey, lookup }),
      signingKey,
      keyServiceUrl: 'https://fra.example/dataplane/keys',
      now: new Date(),
    });
    const body = sealed.manifest.body;
    const object = {
      objectId: body.objectId,
      datasetId: 'urn:bench:dataset',
      owner: body.owner,
      manifest: sealed.manifest,
      sealedDataKey: sealDataKey(master, {
        dataKey: sealed.dataKey,
        objectId: body.objectId,
        owner: body.owner,
      }),
      masterKid: master.kid,
    };

    const job = await assembled(readFileSync(COUNT_BYTES_JOB, 'utf8'));
    const empty = await assembled('(module (memory (export "memory") 1) (func (export "_start")))');
    const limits = { ...DEFAULT_LIMITS, wallMs: 120_000 };
    const expected = `bytes=${size} lines=${lines}\n`;

    const directDir = await mkdtemp(join(work, 'direct-'));
    await writeFile(join(directDir, 'dataset'), plaintext);
    const prepared = prepareModule(job, limits);
    if (!prepared.ok) throw new Error(prepared.detail);
    const outFile = join(work, 'direct.out');
    runDirect(prepared.value.module, directDir, outFile);
    if (readFileSync(outFile, 'utf8') !== expected) throw new Error('direct run printed a wrong answer');

    const directMs: number[] = [];
    const fullMs: number[] = [];
    const accessMs: number[] = [];
    const startMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      directMs.push(await timed(async () => runDirect(prepared.value.module, directDir, outFile)));
      fullMs.push(
        await timed(async () => {
          const opened = await openView({ blobs, master }, object);
          if (!opened.ok) throw new Error(opened.detail);
          const view = opened.value;
          try {
            const checked = prepareModule(job, limits);
            if (!checked.ok) throw new Error(checked.detail);
            const outcome = await runJob({ prepared: checked.value, dataDir: view.dir, limits });
            if (outcome.status !== 'completed' || outcome.stdout.toString() !== expected) {
              throw new Error(`sandboxed run: ${JSON.stringify(outcome)}`);
            }
          } finally {
            await view.remove();
          }
        }),
      );
      accessMs.push(
        await timed(async () => {
          const opened = await openView({ blobs, master }, object);
          if (!opened.ok) throw new Error(opened.detail);
          await opened.value.remove();
        }),
      );
      startMs.push(
        await timed(async () => {
          const checked = prepareModule(empty, limits);
          if (!checked.ok) throw new Error(checked.detail);
          await runJob({ prepared: checked.value, dataDir: directDir, limits });
        }),
      );
    }
    console.log(`# compute: ${size} bytes (${lines} lines), count-bytes job, median of ${RUNS} runs`);
    figure('compute-direct', median(directMs), 'ms');
    figure('compute-to-data', median(fullMs), 'ms');
    figure('compute-sandbox-start', median(startMs), 'ms');
    figure('compute-data-access', median(accessMs), 'ms');
    figure('compute-overhead', median(fullMs) / median(directMs), 'ratio');
  } finally {
    await blobs.close();
    await rm(work, { recursive: true, force: true });
  }
}
