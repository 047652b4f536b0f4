/**
 * Fixtures shared by the compute-to-data and federated-training end-to-end tests: a management API caller with
 * per-node tokens, publishing a labelled dataset with an offer, putting its content through the data plane, and
 * negotiating an agreement to FINALIZED.
 */
import assert from 'node:assert/strict';
import { waitFor, type NodeProcess } from '../../e2e/support/federation.ts';

export type Api = (call: {
  node: NodeProcess | undefined;
  token: string;
  path: string;
  method?: string;
  body?: unknown;
  raw?: Buffer;
}) => Promise<{ status: number; body: unknown }>;

export const api: Api = async ({ node, token, path, method, body, raw }) => {
  const response = await fetch(`${node?.run.managementUrl}/v1${path}`, {
    method: method ?? (body === undefined && raw === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(raw === undefined ? {} : { 'content-type': 'application/octet-stream' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(raw === undefined ? {} : { body: raw }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
};

export const natoLabel = (releasableTo: readonly string[]) => ({
  policy: 'NATO',
  classification: 'NATO UNCLASSIFIED',
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: [...releasableTo] }],
  originator: 'urn:foedera:participant:FRA',
  creationTime: '2026-11-26T05:00:00Z',
});

/** Publishes a dataset whose only offer permits compute-to-data, and puts its content. */
export async function publishComputeDataset(options: {
  node: NodeProcess | undefined;
  token: string;
  id: string;
  content: Buffer;
  releasableTo: readonly string[];
  originator?: string;
}): Promise<{ offerId: string }> {
  const offerId = `urn:uuid:offer-${options.id.replace(/[^a-z0-9-]/gi, '-')}`;
  const published = await api({
    node: options.node,
    token: options.token,
    path: '/datasets',
    body: {
      id: options.id,
      title: `Compute dataset ${options.id}`,
      keywords: ['ai'],
      distributions: [{ format: 'HttpData-PULL', mediaType: 'text/csv' }],
      offers: [{ '@id': offerId, '@type': 'Offer', permission: [{ action: 'foedera:compute' }] }],
      label: {
        ...natoLabel(options.releasableTo),
        originator: options.originator ?? 'urn:foedera:participant:FRA',
      },
    },
  });
  assert.equal(published.status, 201, JSON.stringify(published.body));
  const put = await api({
    node: options.node,
    token: options.token,
    path: `/dataplane/datasets/${encodeURIComponent(options.id)}/content`,
    method: 'PUT',
    raw: options.content,
  });
  assert.equal(put.status, 201, JSON.stringify(put.body));
  return { offerId };
}

/** Negotiates the compute offer of `target` from `consumer` to FINALIZED; answers the agreement id. */
export async function negotiateCompute(options: {
  consumer: NodeProcess | undefined;
  consumerToken: string;
  provider: NodeProcess | undefined;
  providerId: string;
  target: string;
  offerId: string;
}): Promise<string> {
  const started = await api({
    node: options.consumer,
    token: options.consumerToken,
    path: '/negotiations',
    body: {
      provider: options.providerId,
      providerAddress: `${options.provider?.run.protocolUrl}/dsp`,
      offer: {
        '@type': 'Offer',
        '@id': options.offerId,
        target: options.target,
        permission: [{ action: 'foedera:compute' }],
      },
    },
  });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const pid = (started.body as { pid: string }).pid;
  type View = { state: string; outcome?: unknown };
  let view: View | undefined;
  await waitFor(
    async () => {
      view = (
        await api({
          node: options.consumer,
          token: options.consumerToken,
          path: `/negotiations/${encodeURIComponent(pid)}`,
        })
      ).body as View;
      return view.state === 'FINALIZED' || view.state === 'TERMINATED';
    },
    { timeoutMs: 120_000, intervalMs: 250, what: `negotiation ${pid} to end` },
  );
  assert.equal(view?.state, 'FINALIZED', JSON.stringify(view));
  const listed = (
    await api({ node: options.consumer, token: options.consumerToken, path: '/agreements?limit=500' })
  ).body as { items: { target: string; agreement: { '@id': string } }[] };
  const agreement = listed.items.find((a) => a.target === options.target);
  assert.ok(agreement, JSON.stringify(listed));
  return agreement.agreement['@id'];
}
