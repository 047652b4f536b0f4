/**
 * The data plane between two real node processes, driven as a user drives it: FRA's publisher puts a dataset's
 * content with `foedera data put` (sealed, encrypted, bound to the dataset's label), DEU negotiates an agreement and
 * starts a pull transfer; when the transfer reaches STARTED, DEU's node pulls the object itself, verifies it and
 * completes the transfer; `foedera data open` gives back the same bytes to a cleared user, refuses one the label
 * does not release (exit 3), and after FRA revokes the agreement DEU holds the ciphertext but can no longer open it.
 * A second agreement whose policy ends at a fixed date allows a key lease: with FRA stopped DEU opens offline, and
 * once FRA revokes that agreement too, the lease is discarded at the next request.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';
import { foedera, show } from './support/cli.ts';
import { negotiationEnd, putContent, sensorDataset } from './support/management.ts';
import { pinProtocolPort } from './support/nodes.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Transfer = { pid: string; state: string; providerPid: string | null };
type Progress = {
  state: string;
  transferState: string;
  objectId: string | null;
  segments: { total: number; received: number };
  bytes: { total: number; received: number };
};

describe('the data plane between two node processes, from put to open', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  const home = (id: string) => join(dir.path, id);
  const tokens = new Map<string, string>();
  const content = randomBytes(9 * 1024 * 1024 + 123);
  let objectId = '';
  let agreementId = '';
  let transferPid = '';

  before(async () => {
    dir = await tempDir('dataplane-flow');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    // FRA keeps its protocol port across its restart: the key service URL in the manifest names it.
    await pinProtocolPort(home('FRA'));
    await writeUserDirectory(join(home('FRA'), 'idp', 'users.json'), {
      users: {
        francois: { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['publisher'] },
      },
    });
    await writeUserDirectory(join(home('DEU'), 'idp', 'users.json'), {
      users: {
        dora: { nationality: 'DEU', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['analyst'] },
        // A DEU node user of another nation: the label does not release the data to her.
        ines: { nationality: 'ITA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['analyst'] },
      },
    });
    [fra, deu] = await Promise.all([startNodeProcess(home('FRA')), startNodeProcess(home('DEU'))]);
    tokens.set('FRA', await issueUserToken({ home: home('FRA'), user: 'francois', ttl: '30m' }));
    tokens.set('DEU', await issueUserToken({ home: home('DEU'), user: 'dora', ttl: '30m' }));
    tokens.set('ines', await issueUserToken({ home: home('DEU'), user: 'ines', ttl: '30m' }));
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir?.remove();
  });

  const api = async (call: {
    node: NodeProcess | undefined;
    as: string;
    path: string;
    method?: string;
    body?: unknown;
  }) => {
    const { node, as, path, body } = call;
    const response = await fetch(`${node?.run.managementUrl}/v1${path}`, {
      method: call.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${tokens.get(as) ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      json: () => JSON.parse(bytes.toString()) as unknown,
    };
  };

  const publish = async (id: string, offer: Record<string, unknown>) => {
    const published = await api({
      node: fra,
      as: 'FRA',
      path: '/datasets',
      body: sensorDataset({ id, title: `Sensor recordings ${id}`, offer }),
    });
    assert.equal(published.status, 201, published.bytes.toString());
  };

  /** Negotiates the published offer to FINALIZED, starts a pull transfer and waits until DEU completed it. */
  const negotiateAndTransfer = async (target: string, offer: Record<string, unknown>) => {
    const started = await api({
      node: deu,
      as: 'DEU',
      path: '/negotiations',
      body: { provider: 'FRA', providerAddress: `${fra?.run.protocolUrl}/dsp`, offer: { ...offer, target } },
    });
    assert.equal(started.status, 201, started.bytes.toString());
    const { pid } = started.json() as { pid: string };
    let seen: unknown;
    const state = await negotiationEnd(async () => {
      seen = (await api({ node: deu, as: 'DEU', path: `/negotiations/${encodeURIComponent(pid)}` })).json();
      return (seen as { state: string }).state;
    }, `negotiation ${pid} to end`);
    assert.equal(state, 'FINALIZED', JSON.stringify(seen));
    const agreements = (
      (await api({ node: deu, as: 'DEU', path: '/agreements' })).json() as {
        items: { target: string; agreement: { '@id': string } }[];
      }
    ).items.filter((a) => a.target === target);
    assert.equal(agreements.length, 1);
    const agreement = agreements[0]?.agreement['@id'] ?? '';
    const transfer = await api({
      node: deu,
      as: 'DEU',
      path: '/transfers',
      body: {
        provider: 'FRA',
        providerAddress: `${fra?.run.protocolUrl}/dsp`,
        agreementId: agreement,
        format: 'HttpData-PULL',
      },
    });
    assert.equal(transfer.status, 201, transfer.bytes.toString());
    const transferId = (transfer.json() as Transfer).pid;
    let view: Transfer | undefined;
    await waitFor(
      async () => {
        view = (
          await api({ node: deu, as: 'DEU', path: `/transfers/${encodeURIComponent(transferId)}` })
        ).json() as Transfer;
        return view.state === 'COMPLETED' || view.state === 'TERMINATED';
      },
      { timeoutMs: 120_000, intervalMs: 300, what: `transfer ${transferId} to complete at DEU` },
    );
    assert.equal(view?.state, 'COMPLETED', JSON.stringify(view));
    return { agreement, transferId, providerPid: view?.providerPid ?? '' };
  };

  const fuel = 'urn:uuid:00000000-0000-4000-8000-0000000da7a1';
  const fuelOffer = { '@type': 'Offer', '@id': 'urn:uuid:offer-da7a1', permission: [{ action: 'use' }] };

  test('content put with `foedera data put` reaches the consumer when its transfer starts, and the transfer completes on both sides', async () => {
    await publish(fuel, fuelOffer);
    const file = join(dir.path, 'fuel.bin');
    await writeFile(file, content);
    const put = await foedera(
      'data',
      'put',
      '--dataset',
      fuel,
      file,
      '--home',
      home('FRA'),
      '--user',
      'francois',
    );
    assert.equal(put.status, 0, show(put));
    const sealed = JSON.parse(put.stdout) as { objectId: string; plaintextSize: number; segments: number };
    assert.equal(sealed.plaintextSize, content.length);
    assert.equal(sealed.segments, 3);
    objectId = sealed.objectId;

    const moved = await negotiateAndTransfer(fuel, fuelOffer);
    agreementId = moved.agreement;
    transferPid = moved.transferId;
    const progress = (
      await api({
        node: deu,
        as: 'DEU',
        path: `/dataplane/transfers/${encodeURIComponent(transferPid)}/progress`,
      })
    ).json() as Progress;
    assert.equal(progress.state, 'received');
    assert.equal(progress.objectId, objectId);
    assert.deepEqual(progress.segments, { total: 3, received: 3 });
    assert.equal(progress.bytes.received, progress.bytes.total);
    assert.ok(progress.bytes.total > content.length, 'ciphertext carries a tag per segment');

    // The provider learns of the completion through the TransferCompletionMessage.
    await waitFor(
      async () =>
        (
          (
            await api({ node: fra, as: 'FRA', path: `/transfers/${encodeURIComponent(moved.providerPid)}` })
          ).json() as Transfer
        ).state === 'COMPLETED',
      { timeoutMs: 60_000, intervalMs: 300, what: 'the provider side to be COMPLETED' },
    );
    const received = (
      (await api({ node: deu, as: 'DEU', path: '/dataplane/received' })).json() as {
        items: { objectId: string; state: string; transfer: string | null; owner: string }[];
      }
    ).items.find((item) => item.objectId === objectId);
    assert.deepEqual(
      [received?.state, received?.transfer, received?.owner],
      ['complete', transferPid, 'FRA'],
    );
  });

  test('the management API documents its data plane routes and refuses bad puts with problem documents', async () => {
    const openapi = (await (await fetch(`${fra?.run.managementUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/v1/dataplane/datasets/{id}/content',
      '/v1/dataplane/agreements/{agreementId}/revocation',
      '/v1/dataplane/transfers/{pid}/progress',
      '/v1/dataplane/transfers/{pid}/plaintext',
      '/v1/dataplane/objects/{objectId}/plaintext',
      '/v1/dataplane/received',
    ]) {
      assert.ok(path in openapi.paths, `${path} in ${Object.keys(openapi.paths).join(', ')}`);
    }
    const put = (id: string, type: string) =>
      putContent({
        node: fra,
        token: tokens.get('FRA') ?? '',
        datasetId: id,
        body: type === 'application/json' ? '{}' : Buffer.from('bytes'),
        contentType: type,
      });
    const unknown = await put('urn:uuid:00000000-0000-4000-8000-0000000000aa', 'application/octet-stream');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code?: string }).code, 'unknown-dataset');
    const json = await put(fuel, 'application/json');
    assert.equal(json.status, 415);
    assert.equal(json.headers.get('content-type')?.split(';')[0], 'application/problem+json');
  });

  test('`foedera data open` decrypts the received data for a cleared user, byte-identical, and both nodes audit it', async () => {
    const out = join(dir.path, 'opened.bin');
    const opened = await foedera(
      'data',
      'open',
      '--transfer',
      transferPid,
      '--out',
      out,
      '--home',
      home('DEU'),
      '--user',
      'dora',
    );
    assert.equal(opened.status, 0, show(opened));
    assert.equal(sha256(await readFile(out)), sha256(content));

    const entries = async (node: NodeProcess | undefined, as: string) =>
      (
        (
          await api({
            node,
            as,
            path: `/audit/entries?subject=${encodeURIComponent(`object:${objectId}`)}&limit=100`,
          })
        ).json() as {
          entries: { kind: string; actor: string }[];
        }
      ).entries;
    const atDeu = await entries(deu, 'DEU');
    assert.ok(
      atDeu.some((e) => e.kind === 'dataset.opened' && e.actor === 'user:dora'),
      JSON.stringify(atDeu),
    );
    const atFra = await entries(fra, 'FRA');
    assert.ok(
      atFra.some((e) => e.kind === 'key.granted' && e.actor === 'user:dora'),
      JSON.stringify(atFra),
    );
    assert.ok(
      atFra.some((e) => e.kind === 'dataset.content-put'),
      JSON.stringify(atFra),
    );
  });

  test('a segment altered at rest is caught while opening: the CLI keeps nothing and the consumer audits the refusal', async () => {
    const blobs = join(home('DEU'), 'data', 'blobs', 'sha256');
    const files = (await readdir(blobs, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    assert.ok(files.length >= 3, files.join(', '));
    // Every blob DEU holds is altered (it holds only this object's segments and perhaps others' blobs).
    const originals = new Map<string, Buffer>();
    for (const file of files) {
      const original = await readFile(file);
      originals.set(file, original);
      const altered = Buffer.from(original);
      altered[altered.length >> 1] = (altered[altered.length >> 1] ?? 0) ^ 0x01;
      await writeFile(file, altered);
    }
    try {
      const out = join(dir.path, 'tampered.bin');
      const opened = await foedera(
        'data',
        'open',
        '--object',
        objectId,
        '--out',
        out,
        '--home',
        home('DEU'),
        '--user',
        'dora',
      );
      assert.equal(opened.status, 1, show(opened));
      assert.match(opened.stderr, /Cannot open object/);
      assert.deepEqual(
        (await readdir(dir.path)).filter((name) => name.includes('tampered')),
        [],
      );
      const entries = (
        (
          await api({
            node: deu,
            as: 'DEU',
            path: `/audit/entries?subject=${encodeURIComponent(`object:${objectId}`)}&limit=100`,
          })
        ).json() as {
          entries: { kind: string; details: { reason?: string } }[];
        }
      ).entries;
      assert.ok(
        entries.some(
          (e) => e.kind === 'dataset.open-refused' && e.details.reason === 'segment-hash-mismatch',
        ),
        JSON.stringify(entries),
      );
    } finally {
      for (const [file, original] of originals) await writeFile(file, original);
    }
  });

  test('a user the label does not release is refused with the reason, exit code 3, and no file is written', async () => {
    const out = join(dir.path, 'refused.bin');
    const refused = await foedera(
      'data',
      'open',
      '--object',
      objectId,
      '--out',
      out,
      '--home',
      home('DEU'),
      '--user',
      'ines',
    );
    assert.equal(refused.status, 3, show(refused));
    // The owner's cause of the refusal reaches the CLI: the class, then the reason.
    assert.match(refused.stderr, /\(access-denied: not-releasable, HTTP 403\)/);
    assert.deepEqual(
      (await readdir(dir.path)).filter((name) => name.includes('refused')),
      [],
    );
  });

  test('after the provider revokes the agreement the consumer still holds the ciphertext but can no longer open it', async () => {
    const revoked = await api({
      node: fra,
      as: 'FRA',
      path: `/dataplane/agreements/${encodeURIComponent(agreementId)}/revocation`,
      body: { reason: 'Exercise ended' },
    });
    assert.equal(revoked.status, 201, revoked.bytes.toString());
    const open = await api({
      node: deu,
      as: 'DEU',
      path: `/dataplane/objects/${encodeURIComponent(objectId)}/plaintext`,
    });
    assert.equal(open.status, 403, open.bytes.toString());
    const problem = open.json() as { code?: string; reason?: string; detail?: string };
    assert.deepEqual([problem.code, problem.reason], ['agreement-not-active', 'agreement-revoked']);
    assert.match(problem.detail ?? '', /revoked/);
    const progress = (
      await api({
        node: deu,
        as: 'DEU',
        path: `/dataplane/transfers/${encodeURIComponent(transferPid)}/progress`,
      })
    ).json() as Progress;
    assert.deepEqual(progress.segments, { total: 3, received: 3 });
  });

  test('a policy that ends at a fixed date allows a lease: the consumer opens offline until the provider, back, answers with the revocation', async () => {
    const target = 'urn:uuid:00000000-0000-4000-8000-0000000da7a2';
    const until = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const offer = {
      '@type': 'Offer',
      '@id': 'urn:uuid:offer-da7a2',
      permission: [
        { action: 'use', constraint: [{ leftOperand: 'dateTime', operator: 'lteq', rightOperand: until }] },
      ],
    };
    await publish(target, offer);
    const small = randomBytes(1024 * 1024 + 5);
    const put = await putContent({
      node: fra,
      token: tokens.get('FRA') ?? '',
      datasetId: target,
      body: small,
    });
    const putAnswer = await put.text();
    assert.equal(put.status, 201, putAnswer);
    const leasedObject = (JSON.parse(putAnswer) as { objectId: string }).objectId;
    const { agreement } = await negotiateAndTransfer(target, offer);
    const path = `/dataplane/objects/${encodeURIComponent(leasedObject)}/plaintext`;

    const online = await api({ node: deu, as: 'DEU', path });
    assert.equal(online.status, 200, online.bytes.toString());
    assert.equal(online.headers.get('x-foedera-key-via'), 'grant');
    assert.equal(sha256(online.bytes), sha256(small));
    const leaseKept = async () =>
      (
        (await api({ node: deu, as: 'DEU', path: '/dataplane/received' })).json() as {
          items: { objectId: string; lease: boolean }[];
        }
      ).items.find((item) => item.objectId === leasedObject)?.lease;
    assert.equal(await leaseKept(), true);
    // The first agreement's policy has no end: it allowed no lease.
    const first = (
      (await api({ node: deu, as: 'DEU', path: '/dataplane/received' })).json() as {
        items: { objectId: string; lease: boolean }[];
      }
    ).items.find((item) => item.objectId === objectId);
    assert.equal(first?.lease, false);

    await stopNodeProcess(fra);
    const offline = await api({ node: deu, as: 'DEU', path });
    assert.equal(offline.status, 200, offline.bytes.toString());
    assert.equal(offline.headers.get('x-foedera-key-via'), 'lease');
    assert.equal(sha256(offline.bytes), sha256(small));
    const noLease = await api({
      node: deu,
      as: 'DEU',
      path: `/dataplane/objects/${encodeURIComponent(objectId)}/plaintext`,
    });
    assert.equal(noLease.status, 503, noLease.bytes.toString());
    assert.equal((noLease.json() as { code?: string }).code, 'key-service-unreachable');

    fra = await startNodeProcess(home('FRA'));
    const revoked = await api({
      node: fra,
      as: 'FRA',
      path: `/dataplane/agreements/${encodeURIComponent(agreement)}/revocation`,
      body: { reason: 'Partner left the exercise' },
    });
    assert.equal(revoked.status, 201, revoked.bytes.toString());
    const refused = await api({ node: deu, as: 'DEU', path });
    assert.equal(refused.status, 403, refused.bytes.toString());
    assert.equal((refused.json() as { code?: string }).code, 'agreement-not-active');
    assert.equal(await leaseKept(), false, 'the owner refusal discards the kept lease');
  });

  test('neither node logged a failed data plane or protocol step', () => {
    const failures = [fra, deu].flatMap((node) =>
      (node?.logs() ?? []).filter(
        (line) => line.msg === 'Data plane pull step failed' || line.msg === 'Protocol worker step failed',
      ),
    );
    assert.deepEqual(failures, []);
  });

  test('opening states the purpose negotiated for the agreement unless the user names one the policy must permit', async () => {
    const target = 'urn:uuid:00000000-0000-4000-8000-0000000da7a3';
    const published = {
      '@type': 'Offer',
      '@id': 'urn:uuid:offer-da7a3',
      permission: [
        {
          action: 'use',
          constraint: [
            {
              leftOperand: 'purpose',
              operator: 'isAnyOf',
              rightOperand: ['demand-forecasting', 'logistics-planning'],
            },
          ],
        },
      ],
    };
    await publish(target, published);
    const bytes = randomBytes(256 * 1024 + 7);
    const put = await fetch(
      `${fra?.run.managementUrl}/v1/dataplane/datasets/${encodeURIComponent(target)}/content`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${tokens.get('FRA') ?? ''}`,
          'content-type': 'application/octet-stream',
        },
        body: bytes,
      },
    );
    const putAnswer = await put.text();
    assert.equal(put.status, 201, putAnswer);
    const purposeObject = (JSON.parse(putAnswer) as { objectId: string }).objectId;
    // The consumer's request declares its purpose, as DSP consumers do: a `purpose eq` constraint.
    const requested = {
      '@type': 'Offer',
      '@id': published['@id'],
      permission: [
        {
          action: 'use',
          constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'demand-forecasting' }],
        },
      ],
    };
    const { transferId } = await negotiateAndTransfer(target, requested);
    const open = (out: string, ...extra: string[]) =>
      foedera(
        'data',
        'open',
        '--transfer',
        transferId,
        '--out',
        join(dir.path, out),
        '--home',
        home('DEU'),
        '--user',
        'dora',
        ...extra,
      );

    const opened = await open('purpose-default.bin');
    assert.equal(opened.status, 0, show(opened));
    assert.equal(sha256(await readFile(join(dir.path, 'purpose-default.bin'))), sha256(bytes));
    const decisions = (
      (
        await api({
          node: fra,
          as: 'FRA',
          path: `/audit/entries?subject=${encodeURIComponent(`object:${purposeObject}`)}&limit=100`,
        })
      ).json() as { entries: { kind: string; details: Record<string, unknown> }[] }
    ).entries.filter((e) => e.kind.startsWith('decision.'));
    assert.deepEqual(
      decisions.map((e) => [e.kind, e.details['purpose']]),
      [['decision.permit', 'demand-forecasting']],
    );

    const refused = await open('purpose-refused.bin', '--purpose', 'targeting');
    assert.equal(refused.status, 3, show(refused));
    assert.match(refused.stderr, /purpose-not-permitted/);
    assert.deepEqual(
      (await readdir(dir.path)).filter((name) => name.includes('purpose-refused')),
      [],
    );

    const malformed = await api({
      node: deu,
      as: 'DEU',
      path: `/dataplane/objects/${encodeURIComponent(purposeObject)}/plaintext?purpose=${encodeURIComponent('two words')}`,
    });
    assert.equal(malformed.status, 400, malformed.bytes.toString());
  });
});
