/**
 * Data plane throughput, on the same bytes in one run, between the same two processes (an owner and a receiver, run
 * as a node runs: compiled, with the node's V8 flags, each opening its embedded metadata store as a restarted node):
 * - `transfer-encrypted`: the data plane's own pull (`pullObject` against `transferRoutes`, mutual TLS with
 *   federation certificates): manifest verified, segments fetched by hash, several in flight, each streamed into the
 *   receiver's content-addressed blob store, which keeps it only if its SHA-256 matches the signed manifest, and
 *   names it only once it is durable;
 * - `transfer-raw`: the plaintext file copied by one plain HTTP GET into a file, fsynced once at the end (a copy is
 *   done when it is durable, as every blob the data plane keeps is);
 * - `disk-durable-write`: the same bytes written to a file and fsynced once, no network, no crypto: the ceiling of
 *   any durable transfer on this disk, and `transfer-vs-disk`;
 * - `seal` and `open`: encryption at the owner into its blob store and verified decryption at the receiver into a
 *   file; `seal-in-memory` and `open-in-memory`: the same crypto path (AES-256-GCM, SHA-256 of every segment) on up to
 *   256 MiB of the same bytes without disk;
 * - `openssl-aes-256-gcm`: `openssl speed -evp aes-256-gcm`, one core, 16 KiB blocks, and the ratios to it of the
 *   transfer, the disk and the in-memory crypto path (which shows where the bound of `transfer-vs-openssl` lies);
 * - `tls-loopback`: mutual TLS 1.3 between two Node processes carrying bytes already in memory to a process that only
 *   counts them (bench/support/tls-ceiling.ts), the ceiling of any node-to-node transfer, and its ratio to openssl;
 * - `transfer-bound-openssl`: what the per-byte work of any verified transfer over TLS (encrypt, decrypt, SHA-256)
 *   would move at openssl's own one-core speeds spread perfectly over the machine's cores, and its ratio to openssl;
 * - `harness-transfer-peak-rss`: the larger peak resident set of the two processes while the encrypted pull ran;
 * - `transfer-peak-rss` (`-owner`, `-receiver`): the peak resident set of two real node processes (`foedera node
 *   start`, as the e2e tests run them) while a 4 GiB object is put into one through its management API, pulled by the
 *   other in a transfer process and opened back through its management API (test/e2e/support/large-object.ts);
 * - `key-wrap`, `key-unwrap`: hybrid X25519 + ML-KEM-768 wraps of a data key per second, one core.
 * Where the encrypted transfer spends its time is printed as `#` lines: both sides' CPU and full garbage
 * collections, the cost of one durable blob write, and (up to 1 GiB) the pull with 16 in flight and without fsync.
 * The object is 256 MiB at scale 1 (`--scale 16` moves 4 GiB); the node processes move 4 GiB, the size the memory
 * goal names, or 256 MiB × scale when that is more. Children run this
 * file with FOEDERA_DATAPLANE_BENCH; FOEDERA_BENCH_NODE_ARGS adds Node options to them (e.g. `--cpu-prof`). */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createCipheriv, createHash, createPublicKey, randomBytes, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { decryptSegments } from '../src/dataplane/format/decrypt-segments.ts';
import { labelsModuleBinder } from '../src/dataplane/format/label-binding.ts';
import { openToFile } from '../src/dataplane/format/open-to-file.ts';
import { sealObject } from '../src/dataplane/format/seal-object.ts';
import { unwrapDataKey, wrapDataKey } from '../src/dataplane/keys/key-wrap.ts';
import { generateNodeSigningKey, staticKeyLookup } from '../src/dataplane/keys/node-signing-key.ts';
import { generateRecipientKeyPair } from '../src/dataplane/keys/recipient-keys.ts';
import { saveOwnedObject } from '../src/dataplane/service/owned-objects.ts';
import { blobSegmentReader, blobSegmentSink } from '../src/dataplane/transfer/blob-segments.ts';
import { call, expectOk } from '../src/dataplane/transfer/http.ts';
import { pullObject } from '../src/dataplane/transfer/pull.ts';
import { transferRoutes } from '../src/dataplane/transfer/routes.ts';
import { openBlobStore } from '../src/store/blob/open.ts';
import { openMetadataStore } from '../src/store/metadata/open.ts';
import { NODE_PROCESS_FLAGS } from '../src/node/spawn-node.ts';
import { projectPath } from '../src/shared/project-root.ts';
import { identityFromPeerCertificate } from '../src/trust/participant-identity.ts';
import { figure, opsPerSecond } from './report.ts';

const MIB = 1024 * 1024;
const SELF = fileURLToPath(import.meta.url);
const IN_FLIGHT = 8;
const ALT_IN_FLIGHT = 16;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const rssMb = () => process.memoryUsage.rss() / 1e6;

/**
 * Samples this process's resident set every 20 ms: the peak while the data moves, and what it was before; with the
 * peaks of the V8 heap and of the bytes held in Buffers, to tell where growth goes.
 */
function rssSampler() {
  const baseline = rssMb();
  let peak = baseline;
  let heap = 0;
  let buffers = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss / 1e6);
    heap = Math.max(heap, usage.heapTotal / 1e6);
    buffers = Math.max(buffers, usage.arrayBuffers / 1e6);
  };
  const timer = setInterval(sample, 20);
  timer.unref();
  return {
    read: (): Rss => {
      sample();
      return { baseline, peak, heap, buffers };
    },
    stop: () => clearInterval(timer),
  };
}
type Rss = { baseline: number; peak: number; heap: number; buffers: number };
/** Full (mark-compact) garbage collections of this process so far: each marks the whole heap. */
let majorGcs = 0;
if (process.env['FOEDERA_DATAPLANE_BENCH'] !== undefined) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR)
        majorGcs++;
    }
  }).observe({ entryTypes: ['gc'] });
}
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

type Tls = Record<'FRA' | 'DEU', { key: string; cert: string; ca: string }>;
type OwnerReady = {
  httpsPort: number;
  httpPort: number;
  sealSeconds: number;
  objectId: string;
  agreementId: string;
  keyHex: string;
  lookup: { kid: string; publicKeyPem: string };
};
type ReceiverResult = {
  rawSeconds: number;
  encryptedSeconds: number;
  encryptedCpuSeconds: number;
  /** Full garbage collections during the encrypted pull. */
  fullGcs: { owner: number; receiver: number };
  /** The diagnosis pulls, skipped above 1 GiB. */
  alternativeSeconds: number | undefined;
  unsyncedSeconds: number | undefined;
  ownerCpuSeconds: number;
  openSeconds: number;
  digest: string;
  /** Resident sets while the encrypted pull ran (8 in flight), as a node pulls. */
  rss: Rss;
  ownerRss: Rss;
  /** The same bytes written to a file on the receiver's disk and fsynced once. */
  diskSeconds: number;
  /** Seconds from the start of the pull at which each segment was kept. */
  arrivals: number[];
  syncMsPerSegment: number;
  segments: number;
};

const LABEL = {
  policy: 'NATO',
  classification: 'NATO RESTRICTED',
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
  originator: 'FRA',
  creationTime: '2026-11-26T05:00:00Z',
};

/**
 * What exists before the owner and receiver start, made by the parent so that their memory does not carry it: the
 * plaintext, and each side's embedded metadata store (created once, as a node's first start does; the processes
 * measured then open it as a node restarts, which is the state a node lives in).
 */
async function prepare(dir: string, size: number): Promise<void> {
  const out = createWriteStream(join(dir, 'plain.bin'));
  for (let done = 0; done < size; done += MIB) {
    const chunk = randomFillSync(Buffer.alloc(Math.min(MIB, size - done)));
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  for (const side of ['owner', 'receiver']) {
    await (await openMetadataStore({ dataDir: join(dir, `${side}-metadata`) })).close();
  }
}

async function owner(dir: string): Promise<void> {
  const tls = JSON.parse(await readFile(join(dir, 'tls.json'), 'utf8')) as Tls;
  const plain = join(dir, 'plain.bin');
  const store = await openMetadataStore({ dataDir: join(dir, 'owner-metadata') });
  const blobs = await openBlobStore({ dir: join(dir, 'owner') });
  const { signingKey, publicKey } = generateNodeSigningKey({ participant: 'FRA', kid: 'fra-1' });
  const lookup = staticKeyLookup([{ participant: 'FRA', kid: 'fra-1', publicKey }]);
  const labelBinder = labelsModuleBinder({ signingKey, lookup });
  const start = process.hrtime.bigint();
  const sealed = await sealObject({
    source: createReadStream(plain, { highWaterMark: MIB }),
    sink: blobSegmentSink(blobs),
    label: LABEL,
    labelBinder,
    signingKey,
    keyServiceUrl: 'https://127.0.0.1/dataplane/keys',
    now: new Date(),
  });
  const sealSeconds = seconds(start);
  const master = { kid: 'bench', key: randomBytes(32) };
  await saveOwnedObject(store.db, {
    manifest: sealed.manifest,
    datasetId: 'urn:bench:dataset',
    dataKey: sealed.dataKey,
    master,
  });
  const agreement = {
    id: 'urn:bench:agreement',
    state: 'active' as const,
    provider: 'FRA',
    consumer: 'DEU',
    target: 'urn:bench:dataset',
  };
  const secure = Fastify({
    logger: false,
    https: { ...tls.FRA, requestCert: true, rejectUnauthorized: true },
  });
  await secure.register(
    transferRoutes({
      participant: 'FRA',
      store,
      blobs,
      agreements: async (id) => (id === agreement.id ? agreement : undefined),
      clock: () => new Date(),
      peerOf: (request) => {
        const identity = identityFromPeerCertificate((request.raw.socket as TLSSocket).getPeerCertificate());
        return identity.ok
          ? { id: identity.value.participantId, country: identity.value.countryAlpha3 }
          : undefined;
      },
    }),
    { prefix: '/dataplane' },
  );
  await secure.listen({ port: 0, host: '127.0.0.1' });
  const plainHttp = Fastify({ logger: false });
  plainHttp.get('/raw', (_request, reply) =>
    reply.type('application/octet-stream').send(createReadStream(plain, { highWaterMark: MIB })),
  );
  let sampler = rssSampler();
  plainHttp.get('/rss', async () => ({ ...sampler.read(), cpu: cpuSeconds(), gcs: majorGcs }));
  plainHttp.post('/rss/reset', async () => {
    sampler.stop();
    sampler = rssSampler();
    return { ...sampler.read(), cpu: cpuSeconds(), gcs: majorGcs };
  });
  await plainHttp.listen({ port: 0, host: '127.0.0.1' });
  const ready: OwnerReady = {
    httpsPort: (secure.server.address() as { port: number }).port,
    httpPort: (plainHttp.server.address() as { port: number }).port,
    sealSeconds,
    objectId: sealed.manifest.body.objectId,
    agreementId: agreement.id,
    keyHex: sealed.dataKey.toString('hex'),
    lookup: { kid: 'fra-1', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
  process.send?.(ready);
  process.on('disconnect', () => {
    void Promise.all([secure.close(), plainHttp.close(), store.close()]).then(() => process.exit(0));
  });
}

/** Cost of one durable 4 MiB blob write (write, fsync, rename, directory fsync) on this disk, in ms. */
async function durableWriteMs(dir: string): Promise<number> {
  const blobs = await openBlobStore({ dir: join(dir, 'probe') });
  const bytes = randomBytes(4 * MIB);
  const rounds = 8;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    bytes.writeUInt32BE(i, 0);
    await blobs.put(Readable.from([bytes]));
  }
  return (seconds(start) * 1000) / rounds;
}

/** Seconds to copy `from` into a new file in 4 MiB writes and make it durable with one fsync at the end. */
async function durableCopySeconds(from: string, to: string): Promise<number> {
  const buffer = Buffer.allocUnsafe(4 * MIB);
  const source = await open(from, 'r');
  const start = process.hrtime.bigint();
  const target = await open(to, 'wx');
  try {
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, buffer.length);
      if (bytesRead === 0) break;
      for (let offset = 0; offset < bytesRead;)
        offset += (await target.write(buffer, offset, bytesRead - offset)).bytesWritten;
    }
    await target.sync();
  } finally {
    await target.close();
    await source.close();
  }
  const elapsed = seconds(start);
  await rm(to);
  return elapsed;
}

async function receiver(dir: string, ready: OwnerReady): Promise<void> {
  const tls = JSON.parse(await readFile(join(dir, 'tls.json'), 'utf8')) as Tls;
  const lookup = staticKeyLookup([
    { participant: 'FRA', kid: ready.lookup.kid, publicKey: createPublicKey(ready.lookup.publicKeyPem) },
  ]);

  // Encrypted: the data plane's pull over mutual TLS into the content-addressed blob store.
  const store = await openMetadataStore({ dataDir: join(dir, 'receiver-metadata') });
  const blobs = await openBlobStore({ dir: join(dir, 'receiver') });
  const agent = new HttpsAgent({ ...tls.DEU, keepAlive: true, checkServerIdentity: () => undefined });
  const ownerBefore = (await (
    await fetch(`http://127.0.0.1:${ready.httpPort}/rss/reset`, { method: 'POST' })
  ).json()) as { cpu: number; gcs: number };
  const sampler = rssSampler();
  const cpuStart = cpuSeconds();
  const gcsStart = majorGcs;
  const arrivals: number[] = [];
  const start = process.hrtime.bigint();
  const pulled = await pullObject({
    baseUrl: `https://127.0.0.1:${ready.httpsPort}/dataplane`,
    agent,
    objectId: ready.objectId,
    agreementId: ready.agreementId,
    store,
    blobs,
    manifestCheck: { lookup, labelBinder: labelsModuleBinder({ lookup }) },
    clock: () => new Date(),
    concurrency: IN_FLIGHT,
    onSegment: () => arrivals.push(seconds(start)),
  });
  const encryptedSeconds = seconds(start);
  const encryptedCpuSeconds = cpuSeconds() - cpuStart;
  const receiverGcs = majorGcs - gcsStart;
  const rss = sampler.read();
  sampler.stop();
  const ownerAfter = (await (await fetch(`http://127.0.0.1:${ready.httpPort}/rss`)).json()) as Rss & {
    cpu: number;
    gcs: number;
  };
  if (!pulled.ok) throw new Error(pulled.detail);
  agent.destroy();

  // Raw: plaintext over plain HTTP into a file, made durable once at the end.
  const plainAgent = new HttpAgent({ keepAlive: true });
  const rawStart = process.hrtime.bigint();
  const response = await expectOk(
    await call({ url: `http://127.0.0.1:${ready.httpPort}/raw`, agent: plainAgent }),
    'raw copy',
  );
  const rawFile = join(dir, 'raw-copy.bin');
  await pipeline(response, createWriteStream(rawFile));
  const handle = await open(rawFile, 'r+');
  await handle.sync();
  await handle.close();
  const rawSeconds = seconds(rawStart);
  plainAgent.destroy();
  await rm(rawFile);

  // The disk's own ceiling: the same number of bytes written and made durable once, without network or crypto.
  const diskSeconds = await durableCopySeconds(join(dir, 'plain.bin'), join(dir, 'disk-probe.bin'));

  const openStart = process.hrtime.bigint();
  const opened = await openToFile({
    manifest: pulled.value.manifest,
    dataKey: Buffer.from(ready.keyHex, 'hex'),
    read: blobSegmentReader(blobs),
    path: join(dir, 'opened.bin'),
  });
  if (!opened.ok) throw new Error(opened.detail);
  const openSeconds = seconds(openStart);
  const hash = createHash('sha256');
  await pipeline(createReadStream(join(dir, 'opened.bin'), { highWaterMark: MIB }), hash);
  await rm(join(dir, 'opened.bin'));

  // Diagnosis, up to 1 GiB: the same pull into an empty store with more segments in flight (does overlapping more
  // writes pay here?), and with every flush of this process made a no-op (what durability costs; not durable).
  const again = async (dirName: string, concurrency: number): Promise<number> => {
    const other = await openBlobStore({ dir: join(dir, dirName) });
    const otherAgent = new HttpsAgent({ ...tls.DEU, keepAlive: true, checkServerIdentity: () => undefined });
    const otherStart = process.hrtime.bigint();
    const repeated = await pullObject({
      baseUrl: `https://127.0.0.1:${ready.httpsPort}/dataplane`,
      agent: otherAgent,
      objectId: ready.objectId,
      agreementId: ready.agreementId,
      store,
      blobs: other,
      manifestCheck: { lookup, labelBinder: labelsModuleBinder({ lookup }) },
      clock: () => new Date(),
      concurrency,
    });
    const elapsed = seconds(otherStart);
    otherAgent.destroy();
    if (!repeated.ok) throw new Error(repeated.detail);
    await rm(join(dir, dirName), { recursive: true, force: true });
    return elapsed;
  };
  let otherSeconds: number | undefined;
  let unsyncedSeconds: number | undefined;
  if (pulled.value.manifest.body.encryption.plaintextSize <= 1024 * MIB) {
    otherSeconds = await again('receiver-alt', ALT_IN_FLIGHT);
    const probe = await open(join(dir, 'tls.json'), 'r');
    const fileHandle = Object.getPrototypeOf(probe) as Record<'sync' | 'datasync', () => Promise<void>>;
    await probe.close();
    const real = { sync: fileHandle.sync, datasync: fileHandle.datasync };
    fileHandle.sync = fileHandle.datasync = async () => undefined;
    try {
      unsyncedSeconds = await again('receiver-nosync', IN_FLIGHT);
    } finally {
      Object.assign(fileHandle, real);
    }
  }
  const result: ReceiverResult = {
    alternativeSeconds: otherSeconds,
    unsyncedSeconds,
    rawSeconds,
    encryptedSeconds,
    encryptedCpuSeconds,
    ownerCpuSeconds: ownerAfter.cpu - ownerBefore.cpu,
    ownerRss: {
      baseline: ownerAfter.baseline,
      peak: ownerAfter.peak,
      heap: ownerAfter.heap,
      buffers: ownerAfter.buffers,
    },
    diskSeconds,
    fullGcs: { owner: ownerAfter.gcs - ownerBefore.gcs, receiver: receiverGcs },
    openSeconds,
    digest: hash.digest('hex'),
    rss,
    arrivals,
    syncMsPerSegment: await durableWriteMs(dir),
    segments: pulled.value.manifest.body.integrity.segments.length,
  };
  await store.close();
  process.send?.(result);
}

type ChildScript = { readonly path: string; readonly execArgv: readonly string[]; readonly how: string };

/**
 * How the owner and receiver run: as a node does (src/ compiled to JavaScript, `NODE_PROCESS_FLAGS`, PGlite's
 * WebAssembly by Liftoff only, as `foedera node start` sets it), so that their CPU and resident memory stand for a
 * node's data plane. This file is compiled beside the compiled sources for that; without esbuild it runs through
 * tsx, which costs each process a loader thread (about 40 MB). FOEDERA_BENCH_NODE_ARGS adds options (--cpu-prof …).
 */
async function childScript(): Promise<ChildScript> {
  const extra = (process.env['FOEDERA_BENCH_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const flags = [...NODE_PROCESS_FLAGS, '--liftoff-only', ...extra];
  const compiler = (await import(pathToFileURL(projectPath('bin', 'compiled-sources.js')).href)) as {
    compiledEntry: (entry: string) => Promise<string | undefined>;
  };
  const entry = await compiler.compiledEntry('shared/project-root.ts');
  if (entry === undefined) return { path: SELF, execArgv: ['--import', 'tsx', ...flags], how: 'through tsx' };
  const compiledSrc = new URL('../', entry).href;
  const out = projectPath('node_modules', '.cache', 'foedera-bench');
  await mkdir(out, { recursive: true });
  const esbuild = await import('esbuild');
  try {
    for (const name of ['dataplane', 'report']) {
      const { code } = await esbuild.transform(await readFile(projectPath('bench', `${name}.ts`), 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20.19',
      });
      const linked = code
        .replace(
          /(["'])\.\.\/src\/([^"']+)\.ts\1/g,
          (_match, quote: string, path: string) => `${quote}${compiledSrc}${path}.js${quote}`,
        )
        .replace(/(["'])\.\/report\.ts\1/g, '$1./report.js$1');
      await writeFile(join(out, `${name}.js`), linked);
    }
  } finally {
    await esbuild.stop();
  }
  return { path: join(out, 'dataplane.js'), execArgv: flags, how: 'compiled' };
}

function child(script: ChildScript, role: 'owner' | 'receiver', env: Record<string, string>): ChildProcess {
  return fork(script.path, [], {
    execArgv: [...script.execArgv],
    env: { ...process.env, FOEDERA_DATAPLANE_BENCH: role, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function firstMessage<T>(process: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    process.once('message', (message) => resolve(message as T));
    process.once('exit', (code) => reject(new Error(`Benchmark child exited with ${code} before answering`)));
  });
}

function opensslAesGcmMiBs(): number | undefined {
  return opensslSpeedMiBs('aes-256-gcm');
}

/** `openssl speed -evp ALGORITHM` on one core, 16 KiB blocks, in MiB/s; undefined where openssl did not run. */
function opensslSpeedMiBs(algorithm: string): number | undefined {
  try {
    const out = execFileSync('openssl', ['speed', '-elapsed', '-seconds', '2', '-evp', algorithm], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = out.split('\n').find((l) => l.trim().toLowerCase().startsWith(`${algorithm} `));
    // The columns are 16, 64, 256, 1024, 8192 and 16384-byte blocks, in thousands of bytes per second.
    const last = line?.trim().split(/\s+/).at(-1);
    if (last === undefined || !last.endsWith('k')) return undefined;
    return (Number(last.slice(0, -1)) * 1000) / MIB;
  } catch {
    return undefined;
  }
}

/** AES-256-GCM through Node on one core, in 4 MiB calls as the sealer makes them, for comparison with openssl. */
function nodeAesGcmMiBs(): number {
  const key = randomBytes(32);
  const data = randomBytes(4 * MIB);
  let bytes = 0;
  const start = process.hrtime.bigint();
  while (seconds(start) < 1) {
    const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
    cipher.update(data);
    cipher.final();
    bytes += data.length;
  }
  return bytes / MIB / seconds(start);
}

/**
 * The data plane's crypto path without disk or network, on up to 256 MiB of the same plaintext held in memory:
 * sealing (AES-256-GCM and SHA-256 of each segment, into memory) and verified opening (SHA-256 check, AES-256-GCM).
 */
async function inMemoryCryptoMiBs(path: string): Promise<{ seal: number; open: number; mib: number }> {
  const handle = await open(path, 'r');
  const plaintext = Buffer.allocUnsafe(Math.min((await handle.stat()).size, 256 * MIB));
  await handle.read(plaintext, 0, plaintext.length, 0);
  await handle.close();
  const { signingKey, publicKey } = generateNodeSigningKey({ participant: 'FRA', kid: 'fra-1' });
  const lookup = staticKeyLookup([{ participant: 'FRA', kid: 'fra-1', publicKey }]);
  const kept = new Map<string, readonly Buffer[]>();
  const sealStart = process.hrtime.bigint();
  const sealed = await sealObject({
    source: (async function* () {
      for (let offset = 0; offset < plaintext.length; offset += MIB)
        yield plaintext.subarray(offset, offset + MIB);
    })(),
    sink: async (segment) => {
      kept.set(segment.hash, segment.chunks);
    },
    label: LABEL,
    labelBinder: labelsModuleBinder({ signingKey, lookup }),
    signingKey,
    keyServiceUrl: 'https://127.0.0.1/dataplane/keys',
    now: new Date(),
  });
  const sealSeconds = seconds(sealStart);
  let opened = 0;
  const openStart = process.hrtime.bigint();
  const result = await decryptSegments({
    manifest: sealed.manifest,
    dataKey: sealed.dataKey,
    read: async (segment) => Readable.from(kept.get(segment.hash) ?? []),
    sink: async (chunk) => {
      opened += chunk.length;
    },
  });
  const openSeconds = seconds(openStart);
  if (!result.ok || opened !== plaintext.length) throw new Error('The in-memory open failed');
  const mib = plaintext.length / MIB;
  return { seal: mib / sealSeconds, open: mib / openSeconds, mib };
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: MIB }), hash);
  return hash.digest('hex');
}

/**
 * The memory goal on real node processes: `size` put into FRA, pulled by DEU, opened back; the peak resident set of
 * each node process in each phase.
 */
async function nodeProcessesMemory(size: number): Promise<void> {
  // Imported here, not at the top: the owner and receiver children run a compiled copy of this file alone.
  const { describeMemory, moveLargeObject, peakOf } = await import('../test/e2e/support/large-object.ts');
  console.log(
    `# node processes: a ${(size / MIB).toFixed(0)} MiB object put into FRA through its management API, pulled by DEU ` +
      `in a transfer process, opened back through DEU's management API`,
  );
  const run = await moveLargeObject({ size, timeoutMs: 1_200_000 });
  if (!run.identical) throw new Error('The node processes opened another plaintext than was put');
  const mib = size / MIB;
  console.log(
    `# resident set of the node processes: ${describeMemory(run)}; ` +
      `put ${(mib / run.seconds.put).toFixed(0)} MiB/s, pull ${(mib / run.seconds.pull).toFixed(0)} MiB/s ` +
      `(with the negotiation), open ${(mib / run.seconds.open).toFixed(0)} MiB/s`,
  );
  figure('transfer-peak-rss-owner', peakOf(run.owner), 'MB');
  figure('transfer-peak-rss-receiver', peakOf(run.receiver), 'MB');
  figure('transfer-peak-rss', Math.max(peakOf(run.owner), peakOf(run.receiver)), 'MB');
}

export async function run(options: { scale: number }): Promise<void> {
  const size = Math.round(256 * MIB * options.scale);
  const dir = await mkdtemp(join(tmpdir(), 'foedera-bench-dp-'));
  console.log(
    `# dataplane: ${(size / MIB).toFixed(0)} MiB object, 4 MiB segments, ${IN_FLIGHT} in flight, owner and receiver processes on loopback`,
  );
  // Imported here, not at the top: the owner and receiver children run a compiled copy of this file alone.
  const { benchPki } = await import('./support/pki.ts');
  await writeFile(join(dir, 'tls.json'), JSON.stringify(await benchPki(['FRA', 'DEU'])));
  const script = await childScript();
  console.log(
    `# owner and receiver run ${script.how} with ${script.execArgv.join(' ')}, each with its metadata store on disk as a node opens it`,
  );
  await prepare(dir, size);
  const ownerProcess = child(script, 'owner', { FOEDERA_BENCH_DIR: dir });
  try {
    const ready = await firstMessage<OwnerReady>(ownerProcess);
    const result = await firstMessage<ReceiverResult>(
      child(script, 'receiver', { FOEDERA_BENCH_DIR: dir, FOEDERA_BENCH_READY: JSON.stringify(ready) }),
    );
    const ownerRss = result.ownerRss;
    const identical = result.digest === (await hashFile(join(dir, 'plain.bin')));
    console.log(`# opened object is ${identical ? 'byte-identical to' : 'DIFFERENT from'} the original`);
    const mib = size / MIB;
    const encrypted = mib / result.encryptedSeconds;
    const rawRate = mib / result.rawSeconds;
    figure('transfer-encrypted', encrypted, 'MiB/s');
    figure('transfer-raw', rawRate, 'MiB/s');
    figure('seal', mib / ready.sealSeconds, 'MiB/s');
    figure('open', mib / result.openSeconds, 'MiB/s');
    figure('transfer-vs-raw', encrypted / rawRate, 'ratio');
    const disk = mib / result.diskSeconds;
    figure('disk-durable-write', disk, 'MiB/s');
    figure('transfer-vs-disk', encrypted / disk, 'ratio');
    const memory = await inMemoryCryptoMiBs(join(dir, 'plain.bin'));
    figure('seal-in-memory', memory.seal, 'MiB/s');
    figure('open-in-memory', memory.open, 'MiB/s');
    const openssl = opensslAesGcmMiBs();
    // Imported here, not at the top: the owner and receiver processes run a compiled copy of this file alone.
    const { tlsLoopbackMiBs } = await import('./support/tls-ceiling.ts');
    const tlsCeiling = await tlsLoopbackMiBs({ bytes: size });
    figure('tls-loopback', tlsCeiling, 'MiB/s');
    if (openssl === undefined) console.log('# openssl-aes-256-gcm skipped: openssl speed did not run');
    else {
      figure('openssl-aes-256-gcm', openssl, 'MiB/s');
      figure('transfer-vs-openssl', encrypted / openssl, 'ratio');
      figure('tls-loopback-vs-openssl', tlsCeiling / openssl, 'ratio');
      const sha256 = opensslSpeedMiBs('sha256');
      if (sha256 !== undefined) {
        // Work per byte that no verified, content-addressed transfer over TLS can skip, at openssl's own speed:
        // TLS encryption at the sender, TLS decryption and the segment's SHA-256 at the receiver.
        const bound = availableParallelism() / (2 / openssl + 1 / sha256);
        figure('transfer-bound-openssl', bound, 'MiB/s');
        figure('transfer-bound-vs-openssl', bound / openssl, 'ratio');
        console.log(
          `# with openssl's own one-core speeds (AES-256-GCM ${openssl.toFixed(0)}, SHA-256 ${sha256.toFixed(0)} MiB/s), ` +
            `the per-byte work every verified transfer over TLS does (encrypt, decrypt, hash) spread perfectly over ` +
            `${availableParallelism()} cores, with no copies, kernel, disk or JavaScript, moves ${bound.toFixed(0)} MiB/s: ` +
            `${((100 * bound) / openssl).toFixed(0)} % of openssl's one-core AES-256-GCM`,
        );
      }
      console.log(
        `# mutual TLS between two Node processes, moving bytes already in memory to a process that only counts them, ` +
          `reaches ${tlsCeiling.toFixed(0)} MiB/s here: no node-to-node transfer in Node can exceed ` +
          `${((100 * tlsCeiling) / openssl).toFixed(0)} % of openssl's one-core AES-256-GCM`,
      );
      figure('disk-vs-openssl', disk / openssl, 'ratio');
      figure('seal-in-memory-vs-openssl', memory.seal / openssl, 'ratio');
      figure('open-in-memory-vs-openssl', memory.open / openssl, 'ratio');
      console.log(
        `# a durable transfer can move at most what the disk makes durable: ${disk.toFixed(0)} MiB/s here, ` +
          `${((100 * disk) / openssl).toFixed(0)} % of openssl's one-core AES-256-GCM; the data plane's crypto alone ` +
          `(seal: AES-256-GCM and SHA-256 of each segment; open: SHA-256 check and AES-256-GCM) in memory on ${memory.mib} MiB of the same bytes`,
      );
    }
    const syncSeconds = (result.syncMsPerSegment * result.segments) / 1000;
    console.log(
      `# where the encrypted transfer goes: ${result.encryptedSeconds.toFixed(2)} s wall, owner CPU ${result.ownerCpuSeconds.toFixed(2)} s, receiver CPU ${result.encryptedCpuSeconds.toFixed(2)} s ` +
        `(full garbage collections: owner ${result.fullGcs.owner}, receiver ${result.fullGcs.receiver}) ` +
        `(TLS decryption, SHA-256 of every segment, writes); one durable 4 MiB blob write costs ${result.syncMsPerSegment.toFixed(1)} ms here, ` +
        `${syncSeconds.toFixed(2)} s for the ${result.segments} segments; Node AES-256-GCM in 4 MiB calls: ${nodeAesGcmMiBs().toFixed(0)} MiB/s`,
    );
    if (result.alternativeSeconds !== undefined && result.unsyncedSeconds !== undefined) {
      console.log(
        `# the same pull with ${ALT_IN_FLIGHT} segments in flight: ${(mib / result.alternativeSeconds).toFixed(1)} MiB/s; ` +
          `with ${IN_FLIGHT} in flight and no fsync at all (not durable, diagnosis only): ${(mib / result.unsyncedSeconds).toFixed(1)} MiB/s`,
      );
    }
    console.log(`# segments kept at (s): ${result.arrivals.map((t) => t.toFixed(2)).join(' ')}`);
    const shown = (rss: Rss) =>
      `${rss.peak.toFixed(0)} MB (${rss.baseline.toFixed(0)} MB before, +${(rss.peak - rss.baseline).toFixed(0)} MB; ` +
      `at most ${rss.heap.toFixed(0)} MB of V8 heap and ${rss.buffers.toFixed(0)} MB in Buffers)`;
    console.log(
      `# RSS while the object moved (${IN_FLIGHT} in flight): receiver ${shown(result.rss)}, owner ${shown(ownerRss)}; ` +
        'the baseline is mostly the embedded PGlite database each process opens, as a node does',
    );
    figure('harness-transfer-peak-rss', Math.max(result.rss.peak, ownerRss.peak), 'MB');
    figure(
      'harness-transfer-rss-growth',
      Math.max(result.rss.peak - result.rss.baseline, ownerRss.peak - ownerRss.baseline),
      'MB',
    );
  } finally {
    ownerProcess.disconnect();
    await rm(dir, { recursive: true, force: true });
  }

  await nodeProcessesMemory(Math.max(4096 * MIB, size));

  const recipient = generateRecipientKeyPair({ participant: 'DEU', kid: 'deu-kem-1' });
  const context = {
    objectId: 'urn:uuid:bench',
    agreementId: 'agr-bench',
    recipient: 'DEU',
    recipientKid: 'deu-kem-1',
  };
  const dataKey = randomBytes(32);
  figure(
    'key-wrap',
    await opsPerSecond(() => wrapDataKey({ dataKey, recipientKey: recipient.publicKey, context }), {
      batch: 50,
    }),
    'ops/s',
  );
  const wrapped = wrapDataKey({ dataKey, recipientKey: recipient.publicKey, context });
  figure(
    'key-unwrap',
    await opsPerSecond(() => unwrapDataKey({ wrapped, keyPair: recipient, context }), { batch: 50 }),
    'ops/s',
  );
}

const role = process.env['FOEDERA_DATAPLANE_BENCH'];
if (role === 'owner') {
  await owner(process.env['FOEDERA_BENCH_DIR'] ?? '');
} else if (role === 'receiver') {
  await receiver(
    process.env['FOEDERA_BENCH_DIR'] ?? '',
    JSON.parse(process.env['FOEDERA_BENCH_READY'] ?? '{}') as OwnerReady,
  );
}
