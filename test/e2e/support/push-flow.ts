/**
 * The steps push-transfer e2e tests repeat between FRA (provider, publisher `francois`) and DEU (consumer, analyst
 * `dora`): publish and negotiate a dataset, start a push, follow both sides of the transfer process, read DEU's
 * progress and the audit logs, and FRA's log of its push attempts.
 */
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { issueUserToken } from '../../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../../src/trust/tokens/users-file.ts';
import { waitFor, type NodeProcess } from './federation.ts';
import { negotiationEnd, putContent, sensorDataset } from './management.ts';

export type Side = 'FRA' | 'DEU';
export type TransferView = {
  pid: string;
  state: string;
  format: string;
  consumerPid: string;
  providerPid: string | null;
  agreementId: string;
  dataAddress: { endpoint: string; endpointProperties?: { name: string; value: string }[] } | null;
};
export type Progress = { state: string; segments: { total: number; received: number } };
export type AuditEntry = { kind: string; details: Record<string, unknown> };

export async function writePushUsers(home: (id: string) => string): Promise<void> {
  await writeUserDirectory(join(home('FRA'), 'idp', 'users.json'), {
    users: { francois: { nationality: 'FRA', clearances: {}, coi: [], roles: ['publisher'] } },
  });
  await writeUserDirectory(join(home('DEU'), 'idp', 'users.json'), {
    users: { dora: { nationality: 'DEU', clearances: {}, coi: [], roles: ['analyst'] } },
  });
}

export const pushUserToken = (home: (id: string) => string, side: Side) =>
  issueUserToken({ home: home(side), user: side === 'FRA' ? 'francois' : 'dora', ttl: '30m' });

/** One HTTPS PUT with a participant's federation credentials, as another node's data plane would send it. */
export function putAs(
  credentials: { key: string; cert: string; ca: string },
  options: { url: string; body: Buffer; contentType: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      options.url,
      {
        method: 'PUT',
        agent: false,
        ...credentials,
        checkServerIdentity: () => undefined,
        headers: { 'content-type': options.contentType, 'content-length': String(options.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `nodes` and `tokens` are read at each call: a test may restart a node and issue a new token. */
export function pushFlow(options: {
  nodes: Record<string, NodeProcess | undefined>;
  tokens: Map<string, string>;
}) {
  const { nodes, tokens } = options;

  const api = async (as: Side, request: { path: string; body?: unknown }) => {
    const response = await fetch(`${nodes[as]?.run.managementUrl}/v1${request.path}`, {
      method: request.body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(as) ?? ''}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, bytes, json: <T>() => JSON.parse(bytes.toString()) as T };
  };

  /** Publishes a dataset with `content` (none yet if undefined) at FRA and negotiates it from DEU; answers the agreement id. */
  async function agreementFor(name: string, content: Buffer | undefined): Promise<string> {
    const target = `urn:uuid:00000000-0000-4000-8000-0000000${name}`;
    const offer = { '@type': 'Offer', '@id': `urn:uuid:offer-${name}`, permission: [{ action: 'use' }] };
    const published = await api('FRA', {
      path: '/datasets',
      body: sensorDataset({ id: target, title: `Recording ${name}`, offer }),
    });
    assert.equal(published.status, 201, published.bytes.toString());
    if (content !== undefined) {
      const put = await putContent({
        node: nodes.FRA,
        token: tokens.get('FRA') ?? '',
        datasetId: target,
        body: content,
      });
      assert.equal(put.status, 201, await put.text());
    }
    const negotiation = await api('DEU', {
      path: '/negotiations',
      body: {
        provider: 'FRA',
        providerAddress: `${nodes.FRA?.run.protocolUrl}/dsp`,
        offer: { ...offer, target },
      },
    });
    assert.equal(negotiation.status, 201, negotiation.bytes.toString());
    const pid = negotiation.json<{ pid: string }>().pid;
    const state = await negotiationEnd(
      async () =>
        (await api('DEU', { path: `/negotiations/${encodeURIComponent(pid)}` })).json<{ state: string }>()
          .state,
    );
    assert.equal(state, 'FINALIZED');
    const agreements = (await api('DEU', { path: '/agreements' })).json<{
      items: { target: string; agreement: { '@id': string } }[];
    }>().items;
    const id = agreements.find((a) => a.target === target)?.agreement['@id'];
    assert.ok(id !== undefined);
    return id;
  }

  const startPush = async (agreementId: string, pushEndpoint?: string): Promise<TransferView> => {
    const started = await api('DEU', {
      path: '/transfers',
      body: {
        provider: 'FRA',
        providerAddress: `${nodes.FRA?.run.protocolUrl}/dsp`,
        agreementId,
        format: 'HttpData-PUSH',
        ...(pushEndpoint === undefined ? {} : { pushEndpoint }),
      },
    });
    assert.equal(started.status, 201, started.bytes.toString());
    return started.json<TransferView>();
  };

  const transferAt = async (as: Side, pid: string) =>
    (await api(as, { path: `/transfers/${encodeURIComponent(pid)}` })).json<TransferView>();

  /** FRA's side of the transfer under `agreementId` (each test negotiates its own agreement). */
  async function providerSide(agreementId: string): Promise<TransferView> {
    let found: TransferView | undefined;
    await waitFor(
      async () => {
        const items = (await api('FRA', { path: '/transfers?limit=500' })).json<{
          items: { pid: string; agreementId: string }[];
        }>().items;
        const row = items.find((item) => item.agreementId === agreementId);
        if (row !== undefined) found = await transferAt('FRA', row.pid);
        return found !== undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `FRA's transfer under ${agreementId}` },
    );
    return found as TransferView;
  }

  async function bothIn(state: string, transfer: { consumer: string; agreementId: string }): Promise<void> {
    await waitFor(
      async () => {
        const [own, theirs] = await Promise.all([
          transferAt('DEU', transfer.consumer),
          providerSide(transfer.agreementId),
        ]);
        return own.state === state && theirs.state === state;
      },
      { timeoutMs: 240_000, intervalMs: 250, what: `both sides of ${transfer.consumer} in ${state}` },
    );
  }

  const progressOf = async (pid: string) =>
    (await api('DEU', { path: `/dataplane/transfers/${encodeURIComponent(pid)}/progress` })).json<Progress>();

  const auditOf = async (as: Side, subject: string) =>
    (await api(as, { path: `/audit/entries?subject=${encodeURIComponent(subject)}&limit=100` })).json<{
      entries: AuditEntry[];
    }>().entries;

  /** The attempts FRA logged for its transfer `pid`: segments the receiver still lacked, and already held. */
  const attemptsOf = (pid: string) =>
    (nodes.FRA?.logs() ?? [])
      .filter((line) => line.msg === 'Data plane push attempt' && line.transfer === pid)
      .map((line) => ({ missing: Number(line.missing), held: Number(line.held) }));

  /** Waits until part of the object arrived at DEU; answers how many segments it held then. */
  async function partWay(pid: string): Promise<number> {
    let held = 0;
    await waitFor(
      async () => {
        held = (await progressOf(pid)).segments.received;
        return held >= 1;
      },
      { timeoutMs: 120_000, intervalMs: 25, what: `the first pushed segments of ${pid}` },
    );
    return held;
  }

  /** DEU opens what the transfer delivered, through its management API. */
  const openAtDeu = (pid: string) =>
    api('DEU', { path: `/dataplane/transfers/${encodeURIComponent(pid)}/plaintext` });

  return {
    api,
    agreementFor,
    startPush,
    transferAt,
    providerSide,
    bothIn,
    progressOf,
    auditOf,
    attemptsOf,
    partWay,
    openAtDeu,
  };
}
