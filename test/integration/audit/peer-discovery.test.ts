/**
 * Finding audit peers from the federation: addresses from the federation directory (register and live run.json)
 * and from DSP counterparties, keys pinned on first contact and never replaced, peers.json winning.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { PeerClient, PeerRequest } from '../../../src/http/peer-client.ts';
import { discoverPeers } from '../../../src/audit/node/discover-peers.ts';
import {
  dspCounterpartyPeers,
  federationDirectoryPeers,
} from '../../../src/audit/node/federation-addresses.ts';
import {
  formatVerifierKey,
  generateSigner,
  SIG_COSIGNATURE_V1,
  verifierOf,
} from '../../../src/audit/note/keys.ts';
import type { AuditPeer } from '../../../src/audit/service/deps.ts';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../../src/store/metadata/open.ts';

let dir = '';
let store: MetadataStore;

const keysOf = (id: string) => ({
  log: formatVerifierKey(generateSigner({ name: `foedera/${id}` })),
  witness: formatVerifierKey(generateSigner({ name: `foedera/${id}/witness`, type: SIG_COSIGNATURE_V1 })),
});

/** A peer client that answers `/audit/keys` from a table, and records which participant each call expected. */
function fakeClient(
  answers: Map<string, { log: string; witness: string }>,
  calls: PeerRequest[],
): PeerClient {
  return {
    request: async (request) => {
      calls.push(request);
      const keys = answers.get(request.expectParticipant ?? '');
      return {
        status: keys === undefined ? 404 : 200,
        headers: {},
        body: Buffer.from(JSON.stringify(keys ?? {})),
        peer: {} as never,
      };
    },
    agent: {} as never,
    close: () => undefined,
  };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foedera-audit-discovery-'));
  // A federation directory as `foedera federation create` lays it out: FRA (this node), DEU running, EDA stopped,
  // ITA revoked.
  await mkdir(join(dir, 'ca'));
  const cert = (participantId: string, revokedAt?: string) => ({
    participantId,
    country: 'FR',
    countryAlpha3: 'FRA',
    serialNumber: '01',
    issuedAt: '2026-11-26T00:00:00Z',
    notAfter: '2027-11-26T00:00:00Z',
    ...(revokedAt === undefined ? {} : { revokedAt }),
  });
  await writeFile(
    join(dir, 'ca', 'register.json'),
    JSON.stringify({
      federation: 'T',
      createdAt: '2026-11-26T00:00:00Z',
      certificates: [cert('FRA'), cert('DEU'), cert('EDA'), cert('ITA', '2026-11-26T01:00:00Z')],
    }),
  );
  const run = (id: string, pid: number, port: number) =>
    JSON.stringify({
      pid,
      participantId: id,
      protocolUrl: `https://127.0.0.1:${port}`,
      managementUrl: `http://127.0.0.1:${port + 1}`,
      startedAt: '2026-11-26T00:00:00Z',
    });
  for (const id of ['FRA', 'DEU', 'EDA', 'ITA']) await mkdir(join(dir, id));
  await writeFile(join(dir, 'DEU', 'run.json'), run('DEU', process.pid, 8443));
  // A pid that cannot be alive: EDA's node stopped without removing its run file.
  await writeFile(join(dir, 'EDA', 'run.json'), run('EDA', 2 ** 22 + 12345, 9443));
  await writeFile(join(dir, 'ITA', 'run.json'), run('ITA', process.pid, 7443));

  store = await openMetadataStore({ dataDir: IN_MEMORY });
  await sql`insert into dsp_negotiation (pid, role, state, counterparty, counterparty_address, target, offer, offered_by, updated_at)
    values ('n1', 'CONSUMER', 'FINALIZED', 'NLD', 'https://nld.example:8443/dsp', 'd-1', '{}'::jsonb, 'NLD', '2026-11-26T01:00:00Z'),
           ('n2', 'CONSUMER', 'FINALIZED', 'NLD', 'https://nld.example:9443/dsp', 'd-2', '{}'::jsonb, 'NLD', '2026-11-26T02:00:00Z'),
           ('n3', 'PROVIDER', 'REQUESTED', 'DEU', 'https://deu.example:8443/dsp', 'd-3', '{}'::jsonb, 'FRA', '2026-11-26T02:00:00Z')`.execute(
    store.db,
  );
});

after(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the federation directory names the running participants of the register, not this node, a stopped or a revoked one', async () => {
  const found = await federationDirectoryPeers({ home: join(dir, 'FRA'), self: 'FRA' });
  assert.deepEqual(found, [
    { participant: 'DEU', url: 'https://127.0.0.1:8443/audit', source: 'federation-directory' },
  ]);
});

test('DSP counterparties are audit peers at the origin of the address they last used', async () => {
  const found = await dspCounterpartyPeers(store.db, { self: 'FRA' });
  assert.deepEqual(
    found.map((p) => [p.participant, p.url]),
    [
      ['DEU', 'https://deu.example:8443/audit'],
      ['NLD', 'https://nld.example:9443/audit'],
    ],
  );
});

test('discoverPeers() pins the keys each participant presents over mutual TLS, and refuses keys named for another', async () => {
  const answers = new Map([
    ['DEU', keysOf('DEU')],
    // NLD's node presents keys named for DEU: it cannot become DEU's log.
    ['NLD', keysOf('DEU')],
  ]);
  const calls: PeerRequest[] = [];
  const found = await discoverPeers({
    db: store.db,
    home: join(dir, 'FRA'),
    self: 'FRA',
    client: fakeClient(answers, calls),
    pinned: [],
    now: new Date(),
  });
  // The directory's address wins over the DSP address for DEU.
  assert.deepEqual(
    found.peers.map((p) => [p.participant, p.url, p.logKey.name]),
    [['DEU', 'https://127.0.0.1:8443/audit', 'foedera/DEU']],
  );
  assert.equal(formatVerifierKey(found.peers[0]?.logKey as never), answers.get('DEU')?.log);
  assert.match(found.problems.join('\n'), /Cannot use the audit keys of "NLD"/);
  assert.deepEqual(calls.map((c) => [c.url, c.expectParticipant]).sort(), [
    ['https://127.0.0.1:8443/audit/keys', 'DEU'],
    ['https://nld.example:9443/audit/keys', 'NLD'],
  ]);

  // DEU now presents other keys (a second history under a new key): the pinned ones stay, and are not asked again.
  answers.set('DEU', keysOf('DEU'));
  calls.length = 0;
  const again = await discoverPeers({
    db: store.db,
    home: join(dir, 'FRA'),
    self: 'FRA',
    client: fakeClient(answers, calls),
    pinned: [],
    now: new Date(),
  });
  assert.equal(
    formatVerifierKey(again.peers[0]?.logKey as never),
    found.peers[0] && formatVerifierKey(found.peers[0].logKey),
  );
  assert.ok(calls.every((c) => c.expectParticipant !== 'DEU'));
});

test('a peer pinned in peers.json overrides what the federation says of it', async () => {
  const log = generateSigner({ name: 'foedera/DEU' });
  const witness = generateSigner({ name: 'foedera/DEU/witness', type: SIG_COSIGNATURE_V1 });
  const pinned: AuditPeer = {
    participant: 'DEU',
    url: 'https://deu.pinned.example/audit',
    logKey: verifierOf(log),
    witnessKey: verifierOf(witness),
  };
  const found = await discoverPeers({
    db: store.db,
    home: join(dir, 'FRA'),
    self: 'FRA',
    client: fakeClient(new Map(), []),
    pinned: [pinned],
    now: new Date(),
  });
  const deu = found.peers.filter((p) => p.participant === 'DEU');
  assert.deepEqual(
    deu.map((p) => [p.url, formatVerifierKey(p.logKey)]),
    [[pinned.url, formatVerifierKey(pinned.logKey)]],
  );
});
