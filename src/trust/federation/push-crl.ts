/**
 * Pushes a published revocation list to running nodes (`PUT /federation/crl` on their protocol endpoints), so that
 * nodes outside the shared federation directory apply it at once. The CA operator holds no participant certificate:
 * the push is made without one (the route is open, since only the CA's signature gives a list authority), and the
 * node is authenticated by its certificate chaining to the federation CA.
 */
import { request } from 'node:https';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Register } from './register.ts';

/** Where a running node writes its addresses in its home (src/node/run-file.ts). */
const RUN_FILE = 'run.json';

export type PushTarget = { readonly url: string; readonly participantId?: string };

export type PushOutcome =
  | { readonly target: PushTarget; readonly ok: true; readonly outcome: string }
  | { readonly target: PushTarget; readonly ok: false; readonly detail: string };

/**
 * The nodes the CA knows of: endpoints recorded in the register, the run files of homes in the federation
 * directory, and any URL the operator names; each URL once.
 */
export async function knownNodes(options: {
  dir: string;
  register: Register;
  extra: readonly string[];
}): Promise<PushTarget[]> {
  const targets = new Map<string, PushTarget>();
  const add = (target: PushTarget) => {
    const url = target.url.replace(/\/+$/, '');
    if (!targets.has(url)) targets.set(url, { ...target, url });
  };
  for (const entry of options.register.certificates) {
    if (entry.endpoint !== undefined) add({ url: entry.endpoint, participantId: entry.participantId });
  }
  for (const name of await readdir(options.dir).catch(() => [])) {
    try {
      const run = JSON.parse(await readFile(join(options.dir, name, RUN_FILE), 'utf8')) as {
        protocolUrl?: unknown;
        participantId?: unknown;
      };
      if (typeof run.protocolUrl === 'string' && typeof run.participantId === 'string') {
        add({ url: run.protocolUrl, participantId: run.participantId });
      }
    } catch {
      // Not a home, or its node is not running.
    }
  }
  for (const url of options.extra) add({ url });
  return [...targets.values()];
}

export function pushCrl(options: {
  pem: string;
  caPem: string;
  targets: readonly PushTarget[];
  timeoutMs?: number;
}): Promise<PushOutcome[]> {
  return Promise.all(options.targets.map((target) => pushOne({ ...options, target })));
}

function pushOne(options: {
  pem: string;
  caPem: string;
  target: PushTarget;
  timeoutMs?: number;
}): Promise<PushOutcome> {
  const { target } = options;
  return new Promise((resolve) => {
    const req = request(
      `${target.url}/federation/crl`,
      {
        method: 'PUT',
        agent: false,
        ca: options.caPem,
        // Nodes are named by their participant URI, not by a host name: the chain to the CA is what is checked.
        checkServerIdentity: () => undefined,
        headers: { 'content-type': 'application/pkix-crl' },
        timeout: options.timeoutMs ?? 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: { outcome?: string; detail?: string } = {};
          try {
            body = JSON.parse(text) as typeof body;
          } catch {
            // Not JSON: reported as it is.
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300)
            resolve({ target, ok: true, outcome: body.outcome ?? `${status}` });
          else resolve({ target, ok: false, detail: `${status} ${body.detail ?? text.slice(0, 200)}` });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 5000} ms`)));
    req.on('error', (error) => resolve({ target, ok: false, detail: error.message }));
    req.end(options.pem);
  });
}
