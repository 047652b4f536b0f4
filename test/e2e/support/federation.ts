/** End-to-end fixtures: federations in temporary directories, nodes as real child processes, raw TLS clients. */
import { request as httpsRequest } from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFederation } from '../../../src/trust/federation/create-federation.ts';
import { spawnNode, type SpawnedNode } from '../../../src/node/spawn-node.ts';
import type { RunInfo } from '../../../src/node/run-file.ts';

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `foedera-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function makeFederation(dir: string, name: string, ids: readonly string[]): Promise<void> {
  await createFederation({ dir, name, participants: ids.map((id) => ({ id })), now: new Date() });
}

export type NodeProcess = SpawnedNode & { run: RunInfo; logs: () => Record<string, unknown>[] };

/**
 * Starts `foedera node start --home` as a child process on its embedded stores (DATABASE_URL removed: nodes of one
 * test must not share a database) and collects its JSON log lines.
 */
export async function startNodeProcess(
  home: string,
  options: { env?: Record<string, string> } = {},
): Promise<NodeProcess> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const node = spawnNode({
    home,
    env: { ...env, FOEDERA_LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  node.child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  const run = await node.ready;
  return { ...node, run, logs: () => lines };
}

/**
 * Writes the ports a node bound (its run file) into its config, so that a restart on the same home listens where
 * its peers already address it (their stored callback and provider addresses name the port).
 */
export async function pinPorts(home: string, run: RunInfo): Promise<void> {
  const file = join(home, 'foedera.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, { port?: number }>;
  for (const [surface, url] of [
    ['protocol', run.protocolUrl],
    ['management', run.managementUrl],
  ] as const) {
    const listener = config[surface];
    if (listener !== undefined) listener.port = Number(new URL(url).port);
  }
  await writeFile(file, JSON.stringify(config, null, 2) + '\n');
}

export async function stopNodeProcess(node: NodeProcess | undefined): Promise<void> {
  if (node === undefined || node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.child.kill('SIGTERM');
  await node.exited;
}

export type Credentials = { key?: string; cert?: string; ca: string };

export async function credentialsOf(home: string): Promise<Required<Credentials>> {
  const [key, cert, ca] = await Promise.all(
    ['node.key.pem', 'node.crt.pem', 'ca.crt.pem'].map((f) => readFile(join(home, f), 'utf8')),
  );
  return { key: key ?? '', cert: cert ?? '', ca: ca ?? '' };
}

/**
 * One HTTPS GET on a fresh connection with the given client credentials. Resolves with the status and body, or with
 * `refused` and the error when the server ends the connection (how a refused mutual-TLS client experiences it).
 */
export function callProtocol(
  url: string,
  credentials: Credentials,
): Promise<{ refused: false; status: number; body: string } | { refused: true; error: string }> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      url,
      {
        agent: false,
        ca: credentials.ca,
        ...(credentials.key === undefined ? {} : { key: credentials.key }),
        ...(credentials.cert === undefined ? {} : { cert: credentials.cert }),
        checkServerIdentity: () => undefined,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ refused: false, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', (error) => resolve({ refused: true, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ refused: true, error: error.message }));
    req.end();
  });
}

/** Waits until `predicate` holds, polling every `intervalMs`; returns the milliseconds it took. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < options.timeoutMs) {
    if (await predicate()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
  throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
}
