/**
 * Data plane throughput, on the same bytes in one run, between the same two processes (an owner and a receiver):
 * - `transfer-raw`: the plaintext file copied by one plain HTTP GET into a file, fsynced once at the end (a copy is
 *   done when it is durable, as every blob the data plane keeps is);
 * - `transfer-encrypted`: the data plane's own pull (`pullObject` against `transferRoutes`, mutual TLS with
 *   federation certificates): manifest verified, segments fetched by hash, several in flight, each streamed into the
 *   receiver's content-addressed blob store, which keeps it only if its SHA-256 matches the signed manifest;
 * - `seal` and `open`: encryption at the owner and verified decryption at the receiver into a file;
 * - `openssl-aes-256-gcm`: `openssl speed -evp aes-256-gcm`, one core, 16 KiB blocks, and the ratios;
 * - `transfer-peak-rss`: the larger peak resident set of the two processes during the transfers;
 * - `key-wrap`, `key-unwrap`: hybrid X25519 + ML-KEM-768 wraps of a data key per second, one core.
 * Where the encrypted transfer spends its time is printed as `#` lines: the receiver's CPU split between TLS,
 * hashing and writing, and the cost of one durable blob write per segment. The object is 256 MiB at scale 1
 * (`--scale 16` moves 4 GiB, the size the memory goal names). Children run this file with FOEDERA_DATAPLANE_BENCH.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createCipheriv, createHash, createPublicKey, randomBytes, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
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
import { IN_MEMORY, openMetadataStore } from '../src/store/metadata/open.ts';
import {
  createRootCertificate,
  defaultValidity,
  issueParticipantCertificate,
} from '../src/trust/certificates.ts';
import { countryOfAlpha3 } from '../src/trust/countries.ts';
import { generateKeyPair, privateKeyToPem } from '../src/trust/keys.ts';
import { identityFromPeerCertificate } from '../src/trust/participant-identity.ts';
import { figure, opsPerSecond } from './report.ts';

const MIB = 1024 * 1024;
const SELF = fileURLToPath(import.meta.url);
const IN_FLIGHT = 8;
const ALT_IN_FLIGHT = 16;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const rssMb = () => process.memoryUsage.rss() / 1e6;

/** Samples this process's resident set every 20 ms: the peak while the data moves, and what it was before. */
function rssSampler() {
  const baseline = rssMb();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 20);
  timer.unref();
  return {
    read: () => {
      peak = Math.max(peak, rssMb());
      return { baseline, peak };
    },
    stop: () => clearInterval(timer),
  };
}
type Rss = { baseline: number; peak: number };
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
  alternativeSeconds: number;
  unsyncedSeconds: number;
  ownerCpuSeconds: number;
  openSeconds: number;
  digest: string;
  rss: Rss;
  /** Seconds from the start of the pull at which each segment was kept. */
  arrivals: number[];
  syncMsPerSegment: number;
  segments: number;
};

async function pki(): Promise<Tls> {
  const now = new Date();
  const keys = await generateKeyPair();
  const ca = {
    certificate: await createRootCertificate({ federation: 'Bench', keys, now }),
    privateKey: keys.privateKey,
  };
  const out: Partial<Tls> = {};
  for (const id of ['FRA', 'DEU'] as const) {
    const pair = await generateKeyPair();
    const cert = await issueParticipantCertificate(ca, {
      participantId: id,
      country: countryOfAlpha3(id)!,
      federation: 'Bench',
      publicKey: pair.publicKey,
      hosts: ['127.0.0.1'],
      ...defaultValidity(now),
    });
    out[id] = {
      key: await privateKeyToPem(pair.privateKey),
      cert: cert.toString('pem'),
      ca: ca.certificate.toString('pem'),
    };
  }
  return out as Tls;
}

const LABEL = {
  policy: 'NATO',
  classification: 'NATO RESTRICTED',
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
  originator: 'FRA',
  creationTime: '2026-11-26T05:00:00Z',
};

async function owner(dir: string, size: number): Promise<void> {
  const tls = JSON.parse(await readFile(join(dir, 'tls.json'), 'utf8')) as Tls;
  const plain = join(dir, 'plain.bin');
  const out = createWriteStream(plain);
  for (let done = 0; done < size; done += MIB) {
    const chunk = randomFillSync(Buffer.alloc(Math.min(MIB, size - done)));
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const store = await openMetadataStore({ dataDir: IN_MEMORY });
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
      manifestCheck: { lookup, labelBinder },
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
  plainHttp.get('/rss', async () => ({ ...sampler.read(), cpu: cpuSeconds() }));
  plainHttp.post('/rss/reset', async () => {
    sampler.stop();
    sampler = rssSampler();
    return { ...sampler.read(), cpu: cpuSeconds() };
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

async function receiver(dir: string, ready: OwnerReady): Promise<void> {
  const tls = JSON.parse(await readFile(join(dir, 'tls.json'), 'utf8')) as Tls;
  const lookup = staticKeyLookup([
    { participant: 'FRA', kid: ready.lookup.kid, publicKey: createPublicKey(ready.lookup.publicKeyPem) },
  ]);

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

  // Encrypted: the data plane's pull over mutual TLS into the content-addressed blob store.
  const store = await openMetadataStore({ dataDir: IN_MEMORY });
  const blobs = await openBlobStore({ dir: join(dir, 'receiver') });
  const agent = new HttpsAgent({ ...tls.DEU, keepAlive: true, checkServerIdentity: () => undefined });
  const ownerCpu = (
    (await (await fetch(`http://127.0.0.1:${ready.httpPort}/rss/reset`, { method: 'POST' })).json()) as {
      cpu: number;
    }
  ).cpu;
  const sampler = rssSampler();
  const cpuStart = cpuSeconds();
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
  const rss = sampler.read();
  sampler.stop();
  const ownerAfter = (await (await fetch(`http://127.0.0.1:${ready.httpPort}/rss`)).json()) as {
    cpu: number;
  };
  if (!pulled.ok) throw new Error(pulled.detail);
  agent.destroy();

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

  // The same pull with more segments in flight, into an empty store: does overlapping more writes pay here?
  const otherBlobs = await openBlobStore({ dir: join(dir, 'receiver-alt') });
  const otherAgent = new HttpsAgent({ ...tls.DEU, keepAlive: true, checkServerIdentity: () => undefined });
  const otherStart = process.hrtime.bigint();
  const other = await pullObject({
    baseUrl: `https://127.0.0.1:${ready.httpsPort}/dataplane`,
    agent: otherAgent,
    objectId: ready.objectId,
    agreementId: ready.agreementId,
    store,
    blobs: otherBlobs,
    manifestCheck: { lookup, labelBinder: labelsModuleBinder({ lookup }) },
    clock: () => new Date(),
    concurrency: ALT_IN_FLIGHT,
  });
  const otherSeconds = seconds(otherStart);
  otherAgent.destroy();
  if (!other.ok) throw new Error(other.detail);

  // Diagnosis only: the same pull with every fsync of this process made a no-op, to show what durability costs.
  const probe = await open(join(dir, 'tls.json'), 'r');
  const fileHandle = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const realSync = fileHandle.sync;
  fileHandle.sync = async () => undefined;
  const loose = await openBlobStore({ dir: join(dir, 'receiver-nosync') });
  const looseAgent = new HttpsAgent({ ...tls.DEU, keepAlive: true, checkServerIdentity: () => undefined });
  const looseStart = process.hrtime.bigint();
  const unsynced = await pullObject({
    baseUrl: `https://127.0.0.1:${ready.httpsPort}/dataplane`,
    agent: looseAgent,
    objectId: ready.objectId,
    agreementId: ready.agreementId,
    store,
    blobs: loose,
    manifestCheck: { lookup, labelBinder: labelsModuleBinder({ lookup }) },
    clock: () => new Date(),
    concurrency: IN_FLIGHT,
  });
  const unsyncedSeconds = seconds(looseStart);
  fileHandle.sync = realSync;
  looseAgent.destroy();
  if (!unsynced.ok) throw new Error(unsynced.detail);
  const result: ReceiverResult = {
    alternativeSeconds: otherSeconds,
    unsyncedSeconds,
    rawSeconds,
    encryptedSeconds,
    encryptedCpuSeconds,
    ownerCpuSeconds: ownerAfter.cpu - ownerCpu,
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

function child(role: 'owner' | 'receiver', env: Record<string, string>): ChildProcess {
  return fork(SELF, [], {
    execArgv: ['--import', 'tsx'],
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
  try {
    const out = execFileSync('openssl', ['speed', '-elapsed', '-seconds', '2', '-evp', 'aes-256-gcm'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = out.split('\n').find((l) => /^aes-256-gcm\s/i.test(l.trim()));
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

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: MIB }), hash);
  return hash.digest('hex');
}

export async function run(options: { scale: number }): Promise<void> {
  const size = Math.round(256 * MIB * options.scale);
  const dir = await mkdtemp(join(tmpdir(), 'foedera-bench-dp-'));
  console.log(
    `# dataplane: ${(size / MIB).toFixed(0)} MiB object, 4 MiB segments, ${IN_FLIGHT} in flight, owner and receiver processes on loopback`,
  );
  if (size < 4096 * MIB)
    console.log('# transfer-peak-rss measured on this size; the 4 GiB goal needs --scale 16');
  await writeFile(join(dir, 'tls.json'), JSON.stringify(await pki()));
  const ownerProcess = child('owner', { FOEDERA_BENCH_DIR: dir, FOEDERA_BENCH_SIZE: String(size) });
  try {
    const ready = await firstMessage<OwnerReady>(ownerProcess);
    const result = await firstMessage<ReceiverResult>(
      child('receiver', { FOEDERA_BENCH_DIR: dir, FOEDERA_BENCH_READY: JSON.stringify(ready) }),
    );
    const ownerRss = await fetch(`http://127.0.0.1:${ready.httpPort}/rss`)
      .then(async (res) => (await res.json()) as Rss)
      .catch(() => ({ baseline: Number.NaN, peak: Number.NaN }));
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
    const openssl = opensslAesGcmMiBs();
    if (openssl === undefined) console.log('# openssl-aes-256-gcm skipped: openssl speed did not run');
    else {
      figure('openssl-aes-256-gcm', openssl, 'MiB/s');
      figure('transfer-vs-openssl', encrypted / openssl, 'ratio');
    }
    const syncSeconds = (result.syncMsPerSegment * result.segments) / 1000;
    console.log(
      `# where the encrypted transfer goes: ${result.encryptedSeconds.toFixed(2)} s wall, owner CPU ${result.ownerCpuSeconds.toFixed(2)} s, receiver CPU ${result.encryptedCpuSeconds.toFixed(2)} s ` +
        `(TLS decryption, SHA-256 of every segment, writes); one durable 4 MiB blob write costs ${result.syncMsPerSegment.toFixed(1)} ms here, ` +
        `${syncSeconds.toFixed(2)} s for the ${result.segments} segments; Node AES-256-GCM in 4 MiB calls: ${nodeAesGcmMiBs().toFixed(0)} MiB/s`,
    );
    console.log(
      `# the same pull with ${ALT_IN_FLIGHT} segments in flight: ${(mib / result.alternativeSeconds).toFixed(1)} MiB/s; ` +
        `with ${IN_FLIGHT} in flight and no fsync at all (not durable, diagnosis only): ${(mib / result.unsyncedSeconds).toFixed(1)} MiB/s`,
    );
    console.log(`# segments kept at (s): ${result.arrivals.map((t) => t.toFixed(2)).join(' ')}`);
    const shown = (rss: Rss) =>
      `${rss.peak.toFixed(0)} MB (${rss.baseline.toFixed(0)} MB before, +${(rss.peak - rss.baseline).toFixed(0)} MB)`;
    console.log(
      `# RSS while the object moved: receiver ${shown(result.rss)}, owner ${shown(ownerRss)}; the baseline is mostly the in-memory PGlite each process opens`,
    );
    figure('transfer-peak-rss', Math.max(result.rss.peak, ownerRss.peak), 'MB');
    figure(
      'transfer-rss-growth',
      Math.max(result.rss.peak - result.rss.baseline, ownerRss.peak - ownerRss.baseline),
      'MB',
    );
  } finally {
    ownerProcess.disconnect();
    await rm(dir, { recursive: true, force: true });
  }

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
  await owner(process.env['FOEDERA_BENCH_DIR'] ?? '', Number(process.env['FOEDERA_BENCH_SIZE']));
} else if (role === 'receiver') {
  await receiver(
    process.env['FOEDERA_BENCH_DIR'] ?? '',
    JSON.parse(process.env['FOEDERA_BENCH_READY'] ?? '{}') as OwnerReady,
  );
}
