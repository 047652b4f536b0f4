/**
 * Seeds a running federation for the demo: each node publishes its synthetic datasets through its management API
 * (the node checks the label, binds it and stores the offer as for any user) and puts their content through its data
 * plane (sealed as an encrypted object bound to the label), then every node fetches every peer's
 * catalog over mutual TLS into its federated catalog. Idempotent: a dataset already there is left as it is, so a
 * second `npm start` publishes nothing twice; peer catalogs are fetched again since peers' addresses may change.
 */
import { DEMO_DATASETS, type DemoDataset, type DemoScale } from './datasets.ts';
import { expectStatus, managementClient, type ManagementClient } from './management-client.ts';

export type DemoNode = {
  readonly participant: string;
  readonly managementUrl: string;
  readonly protocolUrl: string;
  /** A token of a user of this node who may publish. */
  readonly token: string;
};

export type SeedReport = {
  readonly published: readonly string[];
  readonly existing: readonly string[];
  /** Per node, how many datasets each peer's catalog showed it. */
  readonly visible: Readonly<Record<string, Readonly<Record<string, number>>>>;
};

/** The address a consumer gives to start a negotiation or a transfer with this node: its DSP base. */
export const dspAddress = (protocolUrl: string): string => `${protocolUrl}/dsp`;

function publishBody(dataset: DemoDataset, bytes: Uint8Array): Record<string, unknown> {
  return {
    id: dataset.id,
    title: dataset.title,
    description: dataset.description,
    keywords: dataset.keywords,
    distributions: [
      {
        format: 'HttpData-PULL',
        mediaType: dataset.mediaType,
        byteSize: bytes.length,
        title: dataset.fileName,
      },
    ],
    offers: dataset.offers,
    label: dataset.label,
  };
}

async function publishAll(options: {
  client: ManagementClient;
  participant: string;
  datasets: readonly DemoDataset[];
  scale: DemoScale;
}): Promise<{ published: string[]; existing: string[] }> {
  const { client, participant } = options;
  const published: string[] = [];
  const existing: string[] = [];
  for (const dataset of options.datasets) {
    const path = `/v1/datasets/${encodeURIComponent(dataset.id)}`;
    const found = expectStatus(
      await client.call({ method: 'GET', path }),
      [200, 404],
      `look up ${dataset.id} at ${participant}`,
    );
    if (found.status === 200) {
      existing.push(dataset.id);
      continue;
    }
    const bytes = dataset.content(options.scale);
    const created = await client.call({
      method: 'POST',
      path: '/v1/datasets',
      body: publishBody(dataset, bytes),
    });
    // 409: another start published it between our look-up and now; it is there, which is what we want.
    expectStatus(created, [201, 409], `publish "${dataset.title}" at ${participant}`);
    if (created.status === 409) {
      existing.push(dataset.id);
      continue;
    }
    // The content goes in through the data plane, which seals it as an encrypted object bound to the label.
    expectStatus(
      await client.send({
        method: 'PUT',
        path: `/v1/dataplane/datasets/${encodeURIComponent(dataset.id)}/content`,
        bytes,
        contentType: 'application/octet-stream',
      }),
      [200, 201],
      `put the content of "${dataset.title}" at ${participant}`,
    );
    published.push(dataset.id);
  }
  return { published, existing };
}

async function refreshPeers(client: ManagementClient, options: { self: string; peers: readonly DemoNode[] }) {
  const seen: Record<string, number> = {};
  for (const peer of options.peers) {
    if (peer.participant === options.self) continue;
    const refreshed = expectStatus(
      await client.call({
        method: 'POST',
        path: '/v1/catalog/refresh',
        body: { peer: peer.participant, url: dspAddress(peer.protocolUrl) },
      }),
      [200],
      `fetch the catalog of ${peer.participant} into ${options.self}`,
    );
    seen[peer.participant] = (refreshed.body as { datasets?: number }).datasets ?? 0;
  }
  return seen;
}

export async function seedFederation(options: {
  nodes: readonly DemoNode[];
  datasets?: Readonly<Record<string, readonly DemoDataset[]>>;
  scale?: DemoScale;
}): Promise<SeedReport> {
  const catalogue = options.datasets ?? DEMO_DATASETS;
  const scale = options.scale ?? { factor: 1 };
  const clients = options.nodes.map((node) => ({
    node,
    client: managementClient({ baseUrl: node.managementUrl, token: node.token }),
  }));
  const outcomes = await Promise.all(
    clients.map(({ node, client }) =>
      publishAll({
        client,
        participant: node.participant,
        datasets: catalogue[node.participant] ?? [],
        scale,
      }),
    ),
  );
  // Only once every node has published can each fetch its peers' complete catalogs.
  const visible: Record<string, Record<string, number>> = {};
  await Promise.all(
    clients.map(async ({ node, client }) => {
      visible[node.participant] = await refreshPeers(client, {
        self: node.participant,
        peers: options.nodes,
      });
    }),
  );
  return {
    published: outcomes.flatMap((o) => o.published),
    existing: outcomes.flatMap((o) => o.existing),
    visible,
  };
}
