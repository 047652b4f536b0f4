/**
 * Data plane throughput, on the same bytes in one run, between two processes on loopback HTTP:
 * - `transfer-raw`: the plaintext file copied by one HTTP GET into a file (the baseline);
 * - `transfer-encrypted`: the node-to-node transfer of the sealed object as the data plane does it: segments fetched
 *   by hash, four in flight, each streamed into the receiver's content-addressed blob store, which keeps it only if
 *   its SHA-256 matches the signed manifest;
 * - `seal` and `open`: encryption at the owner (AES-256-GCM segments, hashing, manifest) and verified decryption at
 *   the receiver into a file, and `e2e-encrypt-transfer-open`: the three run back to back (no overlap) over the bytes;
 * - `openssl-aes-256-gcm`: `openssl speed -evp aes-256-gcm`, one core, 16 KiB blocks;
 * - `transfer-peak-rss`: the larger peak resident set of the two processes during the transfers;
 * - `key-wrap`, `key-unwrap`: hybrid X25519 + ML-KEM-768 wraps of a data key per second, one core.
 * The object is 256 MiB at scale 1 (`--scale 16` moves 4 GiB, the size the memory goal names).
 * Children run this same file with FOEDERA_DATAPLANE_BENCH=server|client.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { Manifest } from '../src/dataplane/format/manifest.ts';
import { labelsModuleBinder } from '../src/dataplane/format/label-binding.ts';
import { openToFile } from '../src/dataplane/format/open-to-file.ts';
import { sealObject } from '../src/dataplane/format/seal-object.ts';
import { unwrapDataKey, wrapDataKey } from '../src/dataplane/keys/key-wrap.ts';
import { generateNodeSigningKey, staticKeyLookup } from '../src/dataplane/keys/node-signing-key.ts';
import { generateRecipientKeyPair } from '../src/dataplane/keys/recipient-keys.ts';
import { blobSegmentReader, blobSegmentSink } from '../src/dataplane/transfer/blob-segments.ts';
import { call, expectOk, inParallel } from '../src/dataplane/transfer/http.ts';
import { receiveSegment } from '../src/dataplane/transfer/receive.ts';
import { openBlobStore } from '../src/store/blob/open.ts';
import { figure, opsPerSecond } from './report.ts';

const MIB = 1024 * 1024;
const SELF = fileURLToPath(import.meta.url);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

type ServerReady = { port: number; sealSeconds: number; manifestFile: string; keyHex: string };
type ClientResult = { seconds: number; openSeconds?: number; digest?: string; peakRssMb: number };

async function serve(dir: string, size: number): Promise<void> {
  const plain = join(dir, 'plain.bin');
  const out = createWriteStream(plain);
  for (let done = 0; done < size; done += MIB) {
    const chunk = randomFillSync(Buffer.alloc(Math.min(MIB, size - done)));
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const blobs = await openBlobStore({ dir: join(dir, 'owner') });
  const { signingKey, publicKey } = generateNodeSigningKey({ participant: 'FRA', kid: 'fra-1' });
  const lookup = staticKeyLookup([{ participant: 'FRA', kid: 'fra-1', publicKey }]);
  const start = process.hrtime.bigint();
  const sealed = await sealObject({
    source: createReadStream(plain, { highWaterMark: MIB }),
    sink: blobSegmentSink(blobs),
    label: { policy: 'NATO', classification: 'NATO RESTRICTED', categories: [] },
    labelBinder: labelsModuleBinder({ signingKey, lookup }),
    signingKey,
    keyServiceUrl: 'http://127.0.0.1/keys',
    now: new Date(),
  });
  const sealSeconds = seconds(start);
  const manifestFile = join(dir, 'manifest.json');
  await writeFile(manifestFile, JSON.stringify(sealed.manifest));
  const app = Fastify({ logger: false });
  app.get('/raw', (_request, reply) =>
    reply.type('application/octet-stream').send(createReadStream(plain, { highWaterMark: MIB })),
  );
  app.get<{ Params: { hash: string } }>('/segments/:hash', async (req, reply) =>
    reply.type('application/octet-stream').send(await blobs.get(req.params.hash)),
  );
  app.get('/rss', async () => ({ peakRssMb: peakRssMb() }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const ready: ServerReady = { port, sealSeconds, manifestFile, keyHex: sealed.dataKey.toString('hex') };
  process.send?.(ready);
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

async function client(
  dir: string,
  options: { port: number; mode: 'raw' | 'encrypted'; keyHex: string; manifestFile: string },
) {
  const agent = new Agent({ keepAlive: true });
  const base = `http://127.0.0.1:${options.port}`;
  let result: ClientResult;
  if (options.mode === 'raw') {
    const start = process.hrtime.bigint();
    const response = await expectOk(await call({ url: `${base}/raw`, agent }), 'raw copy');
    await pipeline(response, createWriteStream(join(dir, 'raw-copy.bin')));
    result = { seconds: seconds(start), peakRssMb: peakRssMb() };
  } else {
    const manifest = JSON.parse(await readFile(options.manifestFile, 'utf8')) as Manifest;
    const blobs = await openBlobStore({ dir: join(dir, 'consumer') });
    const segments = manifest.body.integrity.segments;
    const start = process.hrtime.bigint();
    await inParallel([...segments.keys()], 4, async (index) => {
      const segment = segments[index]!;
      const response = await expectOk(
        await call({ url: `${base}/segments/${segment.hash}`, agent }),
        'segment',
      );
      const stored = await receiveSegment(blobs, { segment, source: response });
      if (!stored.ok) throw new Error(stored.detail);
    });
    const transferSeconds = seconds(start);
    const openStart = process.hrtime.bigint();
    const opened = await openToFile({
      manifest,
      dataKey: Buffer.from(options.keyHex, 'hex'),
      read: blobSegmentReader(blobs),
      path: join(dir, 'opened.bin'),
    });
    if (!opened.ok) throw new Error(opened.detail);
    const openSeconds = seconds(openStart);
    const hash = createHash('sha256');
    await pipeline(createReadStream(join(dir, 'opened.bin'), { highWaterMark: MIB }), hash);
    result = { seconds: transferSeconds, openSeconds, digest: hash.digest('hex'), peakRssMb: peakRssMb() };
  }
  agent.destroy();
  process.send?.(result);
}

function child(role: 'server' | 'client', env: Record<string, string>): ChildProcess {
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
    const line = out
      .split('\n')
      .find((l) => /^AES-256-GCM\s/i.test(l.trim()) || /^aes-256-gcm\s/i.test(l.trim()));
    const last = line?.trim().split(/\s+/).at(-1);
    if (last === undefined || !last.endsWith('k')) return undefined;
    return (Number(last.slice(0, -1)) * 1000) / MIB;
  } catch {
    return undefined;
  }
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
    `# dataplane: ${(size / MIB).toFixed(0)} MiB object, 4 MiB segments, loopback HTTP between two processes`,
  );
  if (size < 4096 * MIB)
    console.log('# transfer-peak-rss measured on this size; the 4 GiB goal needs --scale 16');
  const server = child('server', { FOEDERA_BENCH_DIR: dir, FOEDERA_BENCH_SIZE: String(size) });
  try {
    const ready = await firstMessage<ServerReady>(server);
    const clientEnv = {
      FOEDERA_BENCH_DIR: dir,
      FOEDERA_BENCH_PORT: String(ready.port),
      FOEDERA_BENCH_KEY: ready.keyHex,
      FOEDERA_BENCH_MANIFEST: ready.manifestFile,
    };
    const raw = await firstMessage<ClientResult>(
      child('client', { ...clientEnv, FOEDERA_BENCH_MODE: 'raw' }),
    );
    const enc = await firstMessage<ClientResult>(
      child('client', { ...clientEnv, FOEDERA_BENCH_MODE: 'encrypted' }),
    );
    const serverRss = await new Promise<number>((resolve, reject) => {
      request(`http://127.0.0.1:${ready.port}/rss`, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve((JSON.parse(text) as { peakRssMb: number }).peakRssMb));
      })
        .on('error', reject)
        .end();
    });
    const identical = enc.digest === (await hashFile(join(dir, 'plain.bin')));
    console.log(`# opened object is ${identical ? 'byte-identical to' : 'DIFFERENT from'} the original`);
    const mib = size / MIB;
    const encrypted = mib / enc.seconds;
    const rawRate = mib / raw.seconds;
    figure('transfer-encrypted', encrypted, 'MiB/s');
    figure('transfer-raw', rawRate, 'MiB/s');
    figure('seal', mib / ready.sealSeconds, 'MiB/s');
    figure('open', mib / (enc.openSeconds ?? Number.NaN), 'MiB/s');
    figure(
      'e2e-encrypt-transfer-open',
      mib / (ready.sealSeconds + enc.seconds + (enc.openSeconds ?? Number.NaN)),
      'MiB/s',
    );
    figure('transfer-vs-raw', encrypted / rawRate, 'ratio');
    const openssl = opensslAesGcmMiBs();
    if (openssl === undefined) console.log('# openssl-aes-256-gcm skipped: openssl speed did not run');
    else {
      figure('openssl-aes-256-gcm', openssl, 'MiB/s');
      figure('transfer-vs-openssl', encrypted / openssl, 'ratio');
    }
    console.log(
      `# peak RSS: receiver ${enc.peakRssMb.toFixed(0)} MB (raw copy ${raw.peakRssMb.toFixed(0)} MB), owner ${serverRss.toFixed(0)} MB (it also sealed); a tsx-run process with these modules starts near 145 MB`,
    );
    figure('transfer-peak-rss', Math.max(enc.peakRssMb, raw.peakRssMb, serverRss), 'MB');
  } finally {
    server.disconnect();
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
if (role === 'server') {
  await serve(process.env['FOEDERA_BENCH_DIR'] ?? '', Number(process.env['FOEDERA_BENCH_SIZE']));
} else if (role === 'client') {
  await client(process.env['FOEDERA_BENCH_DIR'] ?? '', {
    port: Number(process.env['FOEDERA_BENCH_PORT']),
    mode: process.env['FOEDERA_BENCH_MODE'] === 'raw' ? 'raw' : 'encrypted',
    keyHex: process.env['FOEDERA_BENCH_KEY'] ?? '',
    manifestFile: process.env['FOEDERA_BENCH_MANIFEST'] ?? '',
  });
}
