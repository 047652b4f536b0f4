import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessageOffer } from '../../../src/protocol/messages/odrl.ts';
import { getNegotiation, startNegotiation } from '../../../src/protocol/service/negotiations.ts';
import { claimDue } from '../../../src/protocol/service/outbox-worker.ts';
import { commandTransfer, getTransfer, startTransfer } from '../../../src/protocol/service/transfers.ts';
import { createFederation, denyDatasets, nodeOf, type Federation } from './harness.ts';

const offer = (target: string): MessageOffer & { target: string } => ({
  '@type': 'Offer',
  '@id': `urn:offer:${target}`,
  target,
  permission: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' }] },
  ],
});
const SECRET = 'urn:dataset:fra-only';

const backends = [
  { name: 'PGlite', url: undefined },
  { name: 'PostgreSQL', url: process.env.DATABASE_URL },
];

for (const backend of backends) {
  const skip = backend.name === 'PostgreSQL' && backend.url === undefined;
  describe(
    `protocol flow between two nodes on ${backend.name}`,
    { skip: skip ? 'DATABASE_URL is not set: PostgreSQL tests skipped' : false },
    () => {
      // Opening stores is the slow part: one federation serves every test, each test following its own process ids.
      let f: Federation;
      before(async () => {
        f = await createFederation({
          names: ['FRA', 'DEU'],
          databaseUrl: backend.url,
          decideContract: denyDatasets([SECRET]),
        });
      });
      after(async () => {
        await f?.close();
      });

      const negotiate = async (target: string) => {
        const deu = nodeOf(f, 'DEU');
        const { pid } = await startNegotiation(deu.deps, {
          provider: 'FRA',
          providerAddress: nodeOf(f, 'FRA').deps.address,
          offer: offer(target),
          actor: 'user:alice@deu',
        });
        await f.pump();
        const consumerSide = await getNegotiation(deu.deps, { pid });
        assert.ok(consumerSide.ok);
        return { pid, consumerSide: consumerSide.value };
      };

      test('a consumer negotiates with a provider to FINALIZED, with one agreement on each side naming both', async () => {
        const deu = nodeOf(f, 'DEU');
        const fra = nodeOf(f, 'FRA');
        const { pid, consumerSide } = await negotiate('urn:dataset:d-42');
        assert.equal(consumerSide.state, 'FINALIZED');
        const providerPid = consumerSide.providerPid;
        assert.ok(providerPid !== null);
        const providerSide = await getNegotiation(fra.deps, { pid: providerPid, participant: 'DEU' });
        assert.ok(providerSide.ok);
        assert.equal(providerSide.value.state, 'FINALIZED');
        for (const [node, own] of [
          [deu, pid],
          [fra, providerPid],
        ] as const) {
          const agreements = await node.store.db
            .selectFrom('dsp_agreement')
            .selectAll()
            .where('negotiation_pid', '=', own)
            .execute();
          assert.equal(agreements.length, 1);
          assert.deepEqual(
            [agreements[0]?.provider, agreements[0]?.consumer, agreements[0]?.target],
            ['FRA', 'DEU', 'urn:dataset:d-42'],
          );
          const undelivered = await node.store.db
            .selectFrom('dsp_outbox')
            .select('id')
            .where('process_pid', '=', own)
            .where('status', '!=', 'delivered')
            .execute();
          assert.deepEqual(undelivered, []);
        }
        assert.deepEqual(
          fra.audit.filter((e) => e.subject === `negotiation:${providerPid}`).map((e) => e.kind),
          ['negotiation.requested', 'negotiation.agreed', 'negotiation.verified', 'negotiation.finalized'],
        );
        assert.deepEqual(
          deu.audit.filter((e) => e.subject === `negotiation:${pid}`).map((e) => e.kind),
          [
            'negotiation.requested',
            'negotiation.requested',
            'negotiation.agreed',
            'negotiation.verified',
            'negotiation.finalized',
          ],
        );
      });

      test('a provider whose decision point denies terminates the negotiation and keeps the reasons', async () => {
        const { consumerSide } = await negotiate(SECRET);
        assert.equal(consumerSide.state, 'TERMINATED');
        const provider = await nodeOf(f, 'FRA')
          .store.db.selectFrom('dsp_negotiation')
          .select(['state', 'outcome', 'pid'])
          .where('target', '=', SECRET)
          .executeTakeFirstOrThrow();
        assert.equal(provider.state, 'TERMINATED');
        assert.deepEqual(provider.outcome, {
          terminated: 'not-releasable',
          reasons: [`not-releasable: DEU is not in the releasable-to list of "${SECRET}"`],
        });
        const agreement = await nodeOf(f, 'FRA')
          .store.db.selectFrom('dsp_agreement')
          .select('agreement_id')
          .where('negotiation_pid', '=', provider.pid)
          .executeTakeFirst();
        assert.equal(agreement, undefined);
      });

      test('a provider that is down catches up: the consumer outbox retries with back-off until it answers', async () => {
        const deu = nodeOf(f, 'DEU');
        const fra = nodeOf(f, 'FRA');
        fra.down = true;
        try {
          const { pid } = await startNegotiation(deu.deps, {
            provider: 'FRA',
            providerAddress: fra.deps.address,
            offer: offer('urn:dataset:d-7'),
            actor: 'user:alice@deu',
          });
          const outbox = () =>
            deu.store.db
              .selectFrom('dsp_outbox')
              .selectAll()
              .where('process_pid', '=', pid)
              .executeTakeFirstOrThrow();
          await f.pump();
          const waiting = await outbox();
          assert.deepEqual([waiting.status, waiting.attempts], ['pending', 1]);
          assert.match(waiting.last_error ?? '', /ECONNREFUSED/);
          assert.ok(waiting.next_attempt_at.getTime() > f.clock.now.getTime(), 'the retry waits');
          f.clock.advance(300);
          await f.pump();
          const again = await outbox();
          assert.equal(again.attempts, 2);
          assert.ok(again.next_attempt_at.getTime() - f.clock.now.getTime() >= 500, 'the back-off doubles');
          fra.down = false;
          f.clock.advance(60_000);
          await f.pump();
          const done = await getNegotiation(deu.deps, { pid });
          assert.ok(done.ok);
          assert.equal(done.value.state, 'FINALIZED');
        } finally {
          fra.down = false;
        }
      });

      test('a message claimed by a sender that crashed before settling is sent again once its lease expires', async () => {
        const deu = nodeOf(f, 'DEU');
        const { pid } = await startNegotiation(deu.deps, {
          provider: 'FRA',
          providerAddress: nodeOf(f, 'FRA').deps.address,
          offer: offer('urn:dataset:d-13'),
          actor: 'user:alice@deu',
        });
        // The "crashed" sender claims the row and never settles it.
        const claimed = await claimDue(deu.deps, { limit: 100, leaseMs: 30_000 });
        assert.ok(claimed.some((row) => row.process_pid === pid));
        assert.equal(
          (await claimDue(deu.deps, { limit: 100, leaseMs: 30_000 })).some((row) => row.process_pid === pid),
          false,
        );
        f.clock.advance(31_000);
        await f.pump();
        const row = await deu.store.db
          .selectFrom('dsp_outbox')
          .selectAll()
          .where('process_pid', '=', pid)
          .orderBy('id')
          .executeTakeFirstOrThrow();
        assert.deepEqual([row.status, row.attempts], ['delivered', 2]);
        const done = await getNegotiation(deu.deps, { pid });
        assert.ok(done.ok);
        assert.equal(done.value.state, 'FINALIZED');
      });

      test('the management API starts a negotiation, shows it FINALIZED, lists it and refuses to terminate it', async () => {
        const deu = nodeOf(f, 'DEU');
        const started = await deu.app.inject({
          method: 'POST',
          url: '/v1/negotiations',
          payload: {
            provider: 'FRA',
            providerAddress: nodeOf(f, 'FRA').deps.address,
            offer: offer('urn:dataset:d-21'),
          },
        });
        assert.equal(started.statusCode, 201);
        const { pid } = started.json() as { pid: string };
        await f.pump();
        const shown = (
          await deu.app.inject({ method: 'GET', url: `/v1/negotiations/${encodeURIComponent(pid)}` })
        ).json() as {
          state: string;
          agreement: { assigner: string; assignee: string; target: string; timestamp: string };
        };
        assert.equal(shown.state, 'FINALIZED');
        assert.deepEqual(
          [shown.agreement.assigner, shown.agreement.assignee, shown.agreement.target],
          ['FRA', 'DEU', 'urn:dataset:d-21'],
        );
        assert.match(shown.agreement.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        const finalized = await deu.store.db
          .selectFrom('dsp_negotiation')
          .select('pid')
          .where('state', '=', 'FINALIZED')
          .execute();
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const query = `/v1/negotiations?state=FINALIZED&limit=1${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`;
          const page = (await deu.app.inject({ method: 'GET', url: query })).json() as {
            items: { pid: string }[];
            next?: string;
          };
          assert.ok(page.items.length <= 1);
          seen.push(...page.items.map((item) => item.pid));
          after = page.next;
        } while (after !== undefined);
        assert.deepEqual(seen.sort(), finalized.map((row) => row.pid).sort());
        assert.ok(seen.includes(pid));
        const refused = await deu.app.inject({
          method: 'POST',
          url: `/v1/negotiations/${encodeURIComponent(pid)}/terminate`,
          payload: {},
        });
        assert.equal(refused.statusCode, 409);
        assert.equal((refused.json() as { code: string }).code, 'invalid-transition');
        const missing = await deu.app.inject({ method: 'GET', url: '/v1/negotiations/urn:uuid:none' });
        assert.equal(missing.statusCode, 404);
      });

      test('the provider management API shows why a negotiation was refused', async () => {
        const { consumerSide } = await negotiate(SECRET);
        assert.ok(consumerSide.providerPid !== null);
        const shown = (
          await nodeOf(f, 'FRA').app.inject({
            method: 'GET',
            url: `/v1/negotiations/${encodeURIComponent(consumerSide.providerPid)}`,
          })
        ).json() as { state: string; outcome: { reasons: string[] } };
        assert.equal(shown.state, 'TERMINATED');
        assert.match(shown.outcome.reasons[0] ?? '', /not-releasable: DEU is not in the releasable-to list/);
      });

      test('a redelivered opening request (lost acknowledgement) does not open a second negotiation', async () => {
        const deu = nodeOf(f, 'DEU');
        const fra = nodeOf(f, 'FRA');
        const { pid } = await startNegotiation(deu.deps, {
          provider: 'FRA',
          providerAddress: fra.deps.address,
          offer: offer('urn:dataset:d-9'),
          actor: 'user:alice@deu',
        });
        const row = await deu.store.db
          .selectFrom('dsp_outbox')
          .selectAll()
          .where('process_pid', '=', pid)
          .executeTakeFirstOrThrow();
        const send = f.transportFrom('DEU');
        const first = await send({ url: row.url, counterparty: 'FRA', message: row.message });
        const second = await send({ url: row.url, counterparty: 'FRA', message: row.message });
        assert.equal(first.status, 201);
        assert.equal(second.status, 201);
        assert.deepEqual(second.body, first.body);
        const opened = await fra.store.db
          .selectFrom('dsp_negotiation')
          .select('pid')
          .where('consumer_pid', '=', pid)
          .execute();
        assert.equal(opened.length, 1);
        await f.pump();
        const agreements = await fra.store.db
          .selectFrom('dsp_agreement')
          .select('agreement_id')
          .where('negotiation_pid', '=', opened[0]!.pid)
          .execute();
        assert.equal(agreements.length, 1);
      });

      test('after FINALIZED a pull transfer starts with the provider data address and completes on both sides', async () => {
        const deu = nodeOf(f, 'DEU');
        const fra = nodeOf(f, 'FRA');
        const { pid: negotiationPid } = await negotiate('urn:dataset:d-11');
        const agreement = await deu.store.db
          .selectFrom('dsp_agreement')
          .selectAll()
          .where('negotiation_pid', '=', negotiationPid)
          .executeTakeFirstOrThrow();
        const { pid } = await startTransfer(deu.deps, {
          provider: 'FRA',
          providerAddress: fra.deps.address,
          agreementId: agreement.agreement_id,
          format: 'HttpData-PULL',
          actor: 'user:alice@deu',
        });
        await f.pump();
        const started = await getTransfer(deu.deps, { pid });
        assert.ok(started.ok);
        assert.equal(started.value.state, 'STARTED');
        assert.equal(
          started.value.dataAddress?.endpoint,
          `https://fra.test/data/${encodeURIComponent(agreement.agreement_id)}`,
        );
        const completed = await commandTransfer(deu.deps, {
          pid,
          event: { kind: 'complete' },
          actor: 'user:alice@deu',
        });
        assert.ok(completed.ok);
        await f.pump();
        const providerSide = await fra.store.db
          .selectFrom('dsp_transfer')
          .select('state')
          .where('consumer_pid', '=', pid)
          .executeTakeFirstOrThrow();
        assert.equal(providerSide.state, 'COMPLETED');
      });

      test('a transfer under an agreement not assigned to the requester is terminated by the provider', async () => {
        const deu = nodeOf(f, 'DEU');
        const { pid } = await startTransfer(deu.deps, {
          provider: 'FRA',
          providerAddress: nodeOf(f, 'FRA').deps.address,
          agreementId: 'urn:agreement:never-made',
          format: 'HttpData-PULL',
          actor: 'user:alice@deu',
        });
        await f.pump();
        const result = await getTransfer(deu.deps, { pid });
        assert.ok(result.ok);
        assert.equal(result.value.state, 'TERMINATED');
      });
    },
  );
}
