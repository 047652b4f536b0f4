/**
 * Two real nodes' worth of data plane in one process: a federation CA with participant certificates, the owner's
 * HTTPS endpoint with mutual TLS serving `transferRoutes`, each side's PGlite store and filesystem blob store, and a
 * TCP proxy that can cut connections after a number of bytes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { Agent } from 'node:https';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { labelsModuleBinder } from '../../../src/dataplane/format/label-binding.ts';
import { sealObject } from '../../../src/dataplane/format/seal-object.ts';
import { KeyRequestBook } from '../../../src/dataplane/keys/key-request-book.ts';
import { generateNodeSigningKey, staticKeyLookup } from '../../../src/dataplane/keys/node-signing-key.ts';
import {
  generateRecipientKeyPair,
  publishRecipientKeys,
} from '../../../src/dataplane/keys/recipient-keys.ts';
import { createKeyService } from '../../../src/dataplane/service/key-service.ts';
import { saveOwnedObject } from '../../../src/dataplane/service/owned-objects.ts';
import type { AgreementView, DecidePort } from '../../../src/dataplane/service/ports.ts';
import { blobSegmentSink } from '../../../src/dataplane/transfer/blob-segments.ts';
import { PUSH_FORMAT } from '../../../src/dataplane/node/data-address.ts';
import { PUSH_RECEIVE_REASONS, pushReceiverRoutes } from '../../../src/dataplane/node/push-receiver.ts';
import { DATAPLANE_REASONS } from '../../../src/dataplane/transfer/reasons.ts';
import { transferRoutes } from '../../../src/dataplane/transfer/routes.ts';
import { installProblemHandling } from '../../../src/http/problem-handler.ts';
import { reasonTable } from '../../../src/http/reason-status.ts';
import '../../../src/protocol/store/tables.ts';
import type { AuditEntryInput } from '../../../src/audit/entry/entry.ts';
import { openBlobStore } from '../../../src/store/blob/open.ts';
import { IN_MEMORY, openMetadataStore } from '../../../src/store/metadata/open.ts';
import {
  createRootCertificate,
  defaultValidity,
  issueParticipantCertificate,
} from '../../../src/trust/certificates.ts';
import { countryOfAlpha3 } from '../../../src/trust/countries.ts';
import { generateKeyPair, privateKeyToPem } from '../../../src/trust/keys.ts';
import { identityFromPeerCertificate } from '../../../src/trust/participant-identity.ts';

export const FRA = 'FRA';
export const DEU = 'DEU';
export const ITA = 'ITA';
const NOW = new Date();

async function pki(ids: readonly string[]) {
  const keys = await generateKeyPair();
  const ca = {
    certificate: await createRootCertificate({ federation: 'Test', keys, now: NOW }),
    privateKey: keys.privateKey,
  };
  const out: Record<string, { key: string; cert: string; ca: string }> = {};
  for (const id of ids) {
    const pair = await generateKeyPair();
    const cert = await issueParticipantCertificate(ca, {
      participantId: id,
      country: countryOfAlpha3(id)!,
      federation: 'Test',
      publicKey: pair.publicKey,
      hosts: ['127.0.0.1', 'localhost'],
      ...defaultValidity(NOW),
    });
    out[id] = {
      key: await privateKeyToPem(pair.privateKey),
      cert: cert.toString('pem'),
      ca: ca.certificate.toString('pem'),
    };
  }
  return out;
}

/** Releasable-to check with the contract of `decide()`; see key-service.test.ts. */
const releasability: DecidePort = ({ subject, labelBinding, label }) => {
  const reasons: { code: string; detail: string }[] = [];
  if (!labelBinding.ok) reasons.push({ code: 'label-binding-invalid', detail: labelBinding.detail });
  const to = (label as { categories: { tagName: string; values: string[] }[] }).categories.find(
    (c) => c.tagName === 'Releasable To',
  );
  if (!(to?.values ?? []).includes(subject.participant.country))
    reasons.push({ code: 'not-releasable', detail: subject.participant.country });
  return { decision: reasons.length === 0 ? 'permit' : 'deny', reasons };
};

export const LABEL = {
  policy: 'NATO',
  classification: 'NATO RESTRICTED',
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
  originator: FRA,
  creationTime: '2026-11-26T05:00:00Z',
};

export async function twoNodes() {
  const tls = await pki([FRA, DEU, ITA]);
  const nodeKeys = Object.fromEntries(
    [FRA, DEU, ITA].map((id) => [id, generateNodeSigningKey({ participant: id, kid: `${id}-1` })]),
  );
  const lookup = staticKeyLookup(
    [FRA, DEU, ITA].map((id) => ({ participant: id, kid: `${id}-1`, publicKey: nodeKeys[id]!.publicKey })),
  );
  const labelBinder = labelsModuleBinder({ signingKey: nodeKeys[FRA]!.signingKey, lookup });
  const dir = await mkdtemp(join(tmpdir(), 'foedera-dp-'));
  // One database for both sides: their tables are disjoint (owned vs received objects), and opening PGlite is the
  // slowest step of this harness. Blob stores, keys, certificates and HTTP stay separate.
  const store = await openMetadataStore({ dataDir: IN_MEMORY });
  const owner = { store, blobs: await openBlobStore({ dir: join(dir, 'fra') }) };
  const consumer = { store, blobs: await openBlobStore({ dir: join(dir, 'deu') }) };
  const agreements = new Map<string, AgreementView>();
  const audited: AuditEntryInput[] = [];
  const master = { kid: 'fra-master', key: randomBytes(32) };
  const keyService = createKeyService({
    store: owner.store,
    signingKey: nodeKeys[FRA]!.signingKey,
    master,
    agreements: async (id) => agreements.get(id),
    decide: releasability,
    audit: async (_trx, entry) => void audited.push(entry),
    labelBinder,
    participantKeys: lookup,
    clock: () => new Date(),
  });
  const app: FastifyInstance = Fastify({
    https: {
      key: tls[FRA]!.key,
      cert: tls[FRA]!.cert,
      ca: tls[FRA]!.ca,
      requestCert: true,
      rejectUnauthorized: true,
    },
  });
  await app.register(
    transferRoutes({
      participant: FRA,
      store: owner.store,
      blobs: owner.blobs,
      agreements: async (id) => agreements.get(id),
      keyService,
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
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;

  async function seal(data: AsyncIterable<Uint8Array>, segmentSize = 1024 * 1024) {
    const datasetId = `dataset-${randomBytes(4).toString('hex')}`;
    const sealed = await sealObject({
      source: data,
      sink: blobSegmentSink(owner.blobs),
      label: LABEL,
      labelBinder,
      signingKey: nodeKeys[FRA]!.signingKey,
      keyServiceUrl: `https://127.0.0.1:${port}/dataplane/keys`,
      now: new Date(),
      segmentSize,
    });
    await saveOwnedObject(owner.store.db, {
      manifest: sealed.manifest,
      datasetId,
      dataKey: sealed.dataKey,
      master,
    });
    const agreement: AgreementView = {
      id: `agr-${randomBytes(4).toString('hex')}`,
      state: 'active',
      provider: FRA,
      consumer: DEU,
      target: datasetId,
    };
    agreements.set(agreement.id, agreement);
    return { manifest: sealed.manifest, agreement };
  }

  const agentFor = (id: string) =>
    new Agent({
      key: tls[id]!.key,
      cert: tls[id]!.cert,
      ca: tls[id]!.ca,
      keepAlive: true,
      checkServerIdentity: () => undefined,
    });

  /**
   * DEU's own data plane endpoint, for pushes from FRA into DEU's push transfers (`startPushTransfer`), with the
   * node's problem documents.
   */
  async function startReceiver() {
    const receiver = Fastify({
      https: {
        key: tls[DEU]!.key,
        cert: tls[DEU]!.cert,
        ca: tls[DEU]!.ca,
        requestCert: true,
        rejectUnauthorized: true,
      },
    });
    installProblemHandling(receiver, reasonTable([DATAPLANE_REASONS, PUSH_RECEIVE_REASONS]));
    const peerOf = (request: FastifyRequest) => {
      const identity = identityFromPeerCertificate((request.raw.socket as TLSSocket).getPeerCertificate());
      return identity.ok
        ? { id: identity.value.participantId, country: identity.value.countryAlpha3 }
        : undefined;
    };
    const routes = transferRoutes({
      participant: DEU,
      store: consumer.store,
      blobs: consumer.blobs,
      agreements: async (id) => agreements.get(id),
      clock: () => new Date(),
      peerOf,
    });
    const pushes = pushReceiverRoutes({
      context: { clock: () => new Date(), stores: { metadata: consumer.store, blobs: consumer.blobs } },
      node: {
        participant: DEU,
        agreements: async (id) => agreements.get(id),
        labelBinder,
        keys: { lookup },
        audit: async (_trx, entry) => void audited.push(entry),
      },
      peerOf: (request) => {
        const peer = peerOf(request);
        if (peer === undefined) throw new Error('No participant certificate');
        return peer;
      },
    });
    // As the node registers them: one scope, whose octet-stream parser hands segments over unbuffered.
    await receiver.register(
      async (scope) => {
        await routes(scope, {});
        await pushes(scope, {});
      },
      { prefix: '/dataplane' },
    );
    await receiver.listen({ port: 0, host: '127.0.0.1' });
    return { port: (receiver.server.address() as { port: number }).port, close: () => receiver.close() };
  }

  /** A push transfer of DEU's from FRA under `agreementId`, STARTED as the protocol leaves it; answers its pid. */
  async function startPushTransfer(agreementId: string): Promise<string> {
    const pid = `urn:uuid:${randomUUID()}`;
    const now = new Date();
    await consumer.store.db
      .insertInto('dsp_transfer')
      .values({
        pid,
        role: 'consumer',
        state: 'STARTED',
        provider_pid: `urn:uuid:${randomUUID()}`,
        consumer_pid: pid,
        counterparty: FRA,
        counterparty_address: `https://127.0.0.1:${port}/dsp`,
        agreement_id: agreementId,
        format: PUSH_FORMAT,
        data_address: null,
        last_received: null,
        pending_question: null,
        outcome: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return pid;
  }

  const recipient = generateRecipientKeyPair({ participant: DEU, kid: 'DEU-kem-1' });
  const recipientKeys = await publishRecipientKeys({
    keyPair: recipient,
    signingKey: nodeKeys[DEU]!.signingKey,
    now: new Date(),
    validSeconds: 3600,
  });
  const book = new KeyRequestBook({ clock: () => new Date() });

  return {
    port,
    owner,
    consumer,
    agreements,
    audited,
    lookup,
    labelBinder,
    seal,
    startReceiver,
    startPushTransfer,
    agentFor,
    recipient,
    recipientKeys,
    book,
    async close() {
      await app.close();
      await store.close();
      for (const side of [owner, consumer]) await side.blobs.close();
    },
  };
}

/**
 * A loopback TCP proxy to `port`. `cutAfter(n)` decides, per connection number n (from 0), after how many bytes
 * in either direction that connection is destroyed (undefined: never).
 */
/**
 * A loopback TCP relay to `port` that cuts connection n after `cutAfter(n)` bytes (never if undefined) and, given
 * `bytesPerSecond`, relays no faster than that in each direction: a link slow enough that a test can act mid-transfer.
 */
export async function cuttingProxy(
  port: number,
  cutAfter: (connection: number) => number | undefined,
  options: { bytesPerSecond?: number } = {},
) {
  let connections = 0;
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const limit = cutAfter(connections++);
    const target = connect(port, '127.0.0.1');
    sockets.add(client);
    sockets.add(target);
    let relayed = 0;
    // Bytes are counted in both directions, so a push (upload) is cut as well as a pull (download).
    const relay = (from: Socket, to: Socket) => {
      let waiting = false;
      from.on('data', (chunk: Buffer) => {
        relayed += chunk.length;
        if (limit !== undefined && relayed > limit) {
          cuts++;
          client.destroy();
          target.destroy();
          return;
        }
        const full = !to.write(chunk);
        if (options.bytesPerSecond !== undefined) {
          from.pause();
          waiting = true;
          setTimeout(
            () => {
              waiting = false;
              if (!to.writableNeedDrain) from.resume();
            },
            (chunk.length / options.bytesPerSecond) * 1000,
          );
        } else if (full) from.pause();
      });
      to.on('drain', () => {
        if (!waiting) from.resume();
      });
    };
    relay(client, target);
    relay(target, client);
    const end = () => {
      client.destroy();
      target.destroy();
    };
    client.on('error', end).on('close', end);
    target.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get cuts() {
      return cuts;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
