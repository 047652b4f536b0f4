/**
 * The management API as e2e tests call it, and request bodies they repeat.
 */
import { waitFor, type NodeProcess } from './federation.ts';

export type ManagementInit = { method?: string; body?: unknown };

/** A caller of `node`'s management API with a user's bearer token; a body is sent as JSON. */
export const managementCall =
  (node: NodeProcess | undefined, token: string) =>
  (path: string, init: ManagementInit = {}) =>
    fetch(`${node?.run.managementUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

/**
 * A dataset of binary sensor recordings published by FRA, labelled NATO UNCLASSIFIED and releasable to FRA and DEU,
 * offered for pull transfer under `offer`.
 */
export function sensorDataset(dataset: {
  id: string;
  title: string;
  offer: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    id: dataset.id,
    title: dataset.title,
    keywords: ['sensors'],
    distributions: [{ format: 'HttpData-PULL', mediaType: 'application/octet-stream' }],
    offers: [dataset.offer],
    label: {
      policy: 'NATO',
      classification: 'NATO UNCLASSIFIED',
      categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
      originator: 'urn:foedera:participant:FRA',
      creationTime: '2026-11-26T05:00:00Z',
    },
  };
}

/**
 * Polls a consumer's negotiation until it ends (FINALIZED or TERMINATED) and answers the state it ended in;
 * `stateOf` reads the state through the management API.
 */
export async function negotiationEnd(
  stateOf: () => Promise<string>,
  what = 'the negotiation to end',
): Promise<string> {
  let state = '';
  await waitFor(
    async () => {
      state = await stateOf();
      return state === 'FINALIZED' || state === 'TERMINATED';
    },
    { timeoutMs: 60_000, intervalMs: 250, what },
  );
  return state;
}

/**
 * Puts a dataset's content through the owner's management API. A stream body goes half-duplex: it is sent as it is
 * produced, never held whole.
 */
export function putContent(put: {
  node: NodeProcess | undefined;
  token: string;
  datasetId: string;
  body: Uint8Array | string | ReadableStream<Uint8Array>;
  contentType?: string;
}): Promise<Response> {
  return fetch(
    `${put.node?.run.managementUrl}/v1/dataplane/datasets/${encodeURIComponent(put.datasetId)}/content`,
    {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${put.token}`,
        'content-type': put.contentType ?? 'application/octet-stream',
      },
      body: put.body,
      ...(put.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit,
  );
}
