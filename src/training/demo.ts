/**
 * What the demo federation calls for its AI part, over the nodes' management APIs like any client:
 * - `seedAiDemo`: FRA and DEU publish their part of the counter-drone dataset (card, label, compute-only offer) and
 *   put its content; the coordinator (the Agency) negotiates an agreement for each part. Idempotent.
 * - `runAiDemo`: a compute-to-data run (the count-bytes job on FRA's part) and a federated training over both
 *   parts, followed to the end. The same runs are one CLI line each (`aiDemoCommands`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RunView } from '../compute/consumer/run-remote-job.ts';
import { COUNT_BYTES_JOB, assembleWat } from '../compute/sandbox/wat.ts';
import { FoederaError } from '../shared/errors.ts';
import { AI_DEMO_PARTS, AI_DEMO_TRAINING, aiDemoContent, aiDemoDatasetBody } from './demo-datasets.ts';
import type { TrainingView } from './node/training-runs.ts';

export type AiDemoNode = {
  readonly participant: string;
  readonly managementUrl: string;
  readonly protocolUrl: string;
  /** A token of a user of this node who may publish (providers) or compute (coordinator). */
  readonly token: string;
};

export type AiDemoAgreement = {
  readonly provider: string;
  readonly dataset: string;
  readonly agreementId: string;
};

type Call = { method?: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown; bytes?: Uint8Array };

async function call(node: AiDemoNode, request: Call): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${node.managementUrl}${request.path}`, {
    method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${node.token}`,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(request.bytes === undefined ? {} : { 'content-type': 'application/octet-stream' }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    ...(request.bytes === undefined ? {} : { body: request.bytes }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function expect(answer: { status: number; body: unknown }, ok: readonly number[], what: string): unknown {
  if (ok.includes(answer.status)) return answer.body;
  const detail = (answer.body as { detail?: string } | undefined)?.detail ?? `HTTP ${answer.status}`;
  throw new FoederaError('demo-failed', `Cannot ${what}: ${detail}`);
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new FoederaError('demo-failed', `Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function agreementFor(coordinator: AiDemoNode, dataset: string): Promise<string | undefined> {
  const page = expect(
    await call(coordinator, { path: '/v1/agreements?limit=500' }),
    [200],
    'list agreements',
  ) as {
    items: { target: string; consumer: string; agreement: { '@id': string } }[];
  };
  return page.items.find((a) => a.target === dataset && a.consumer === coordinator.participant)?.agreement[
    '@id'
  ];
}

export async function seedAiDemo(options: {
  providers: readonly AiDemoNode[];
  coordinator: AiDemoNode;
}): Promise<readonly AiDemoAgreement[]> {
  const agreements: AiDemoAgreement[] = [];
  for (const part of AI_DEMO_PARTS) {
    const provider = options.providers.find((p) => p.participant === part.provider);
    if (provider === undefined) continue;
    const path = `/v1/datasets/${encodeURIComponent(part.id)}`;
    if ((await call(provider, { path })).status === 404) {
      expect(
        await call(provider, { path: '/v1/datasets', body: aiDemoDatasetBody(part) }),
        [201],
        `publish ${part.id}`,
      );
      expect(
        await call(provider, {
          method: 'PUT',
          path: `/v1/dataplane/datasets/${encodeURIComponent(part.id)}/content`,
          bytes: aiDemoContent(part),
        }),
        [201],
        `put the content of ${part.id}`,
      );
    }
    let agreementId = await agreementFor(options.coordinator, part.id);
    if (agreementId === undefined) {
      const started = expect(
        await call(options.coordinator, {
          path: '/v1/negotiations',
          body: {
            provider: part.provider,
            providerAddress: `${provider.protocolUrl}/dsp`,
            offer: {
              '@type': 'Offer',
              '@id': part.offerId,
              target: part.id,
              permission: [{ action: 'foedera:compute' }],
            },
          },
        }),
        [201],
        `negotiate ${part.id}`,
      ) as { pid: string };
      const ended = await poll(
        async () =>
          expect(
            await call(options.coordinator, { path: `/v1/negotiations/${encodeURIComponent(started.pid)}` }),
            [200],
            'follow a negotiation',
          ) as { state: string; outcome?: { reasons?: string[] } },
        (view) => view.state === 'FINALIZED' || view.state === 'TERMINATED',
        `the negotiation of ${part.id}`,
      );
      if (ended.state !== 'FINALIZED') {
        throw new FoederaError(
          'demo-failed',
          `Negotiation of ${part.id} ended ${ended.state}: ${ended.outcome?.reasons?.join('; ') ?? ''}`,
        );
      }
      agreementId = await agreementFor(options.coordinator, part.id);
    }
    if (agreementId !== undefined)
      agreements.push({ provider: part.provider, dataset: part.id, agreementId });
  }
  return agreements;
}

/** The CLI lines a newcomer types to run the same things (printed by the demo). */
export function aiDemoCommands(options: {
  home: string;
  user: string;
  agreements: readonly AiDemoAgreement[];
}): string[] {
  const where = `--home ${options.home} --user ${options.user}`;
  const first = options.agreements[0];
  return [
    ...(first === undefined
      ? []
      : [
          `node bin/foedera.js compute run --agreement ${first.agreementId} ${fileURLToPath(COUNT_BYTES_JOB)} ${where}`,
        ]),
    `node bin/foedera.js training run ${options.agreements.map((a) => `--agreement ${a.agreementId}`).join(' ')} --features ${AI_DEMO_TRAINING.features} --rounds ${AI_DEMO_TRAINING.rounds} --wait ${where}`,
  ];
}

export async function runAiDemo(options: {
  coordinator: AiDemoNode;
  agreements: readonly AiDemoAgreement[];
}): Promise<{ compute?: RunView; training: TrainingView }> {
  const { coordinator, agreements } = options;
  let compute: RunView | undefined;
  const first = agreements[0];
  if (first !== undefined) {
    const job = await assembleWat(await readFile(COUNT_BYTES_JOB, 'utf8'), 'count-bytes.wat');
    if (!job.ok) throw new FoederaError('demo-failed', job.detail);
    compute = expect(
      await call(coordinator, {
        path: '/v1/compute/runs',
        body: { agreementId: first.agreementId, module: Buffer.from(job.value).toString('base64') },
      }),
      [201],
      'run the compute-to-data job',
    ) as RunView;
  }
  const started = expect(
    await call(coordinator, {
      path: '/v1/training/runs',
      body: { agreements: agreements.map((a) => a.agreementId), ...AI_DEMO_TRAINING },
    }),
    [202],
    'start the federated training',
  ) as TrainingView;
  const training = await poll(
    async () =>
      expect(
        await call(coordinator, { path: `/v1/training/runs/${encodeURIComponent(started.id)}` }),
        [200],
        'follow the training',
      ) as TrainingView,
    (view) => view.status !== 'running',
    'the federated training',
  );
  return { ...(compute === undefined ? {} : { compute }), training };
}
