/**
 * Audit routes on the management surface: search and read entries, fetch proofs and checkpoints, export a range for
 * offline verification, and the alarms raised as a witness.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { err } from '../../shared/result.ts';
import { Refusal } from '../../http/refusal.ts';
import { toHex } from '../merkle/hash.ts';
import { formatVerifierKey } from '../note/keys.ts';
import { latestCheckpoint } from '../store/checkpoints.ts';
import { consistencyProof, inclusionProof, readEntries, readTreeHead } from '../store/proofs.ts';
import { exportRange, searchEntries } from '../store/search.ts';
import { listAlarms, peerCheckpoint } from '../store/witness-store.ts';
import type { AuditDeps } from '../service/deps.ts';
import { ConsistencyQuery, EntryQueryString, ExportQuery, InclusionQuery, Proof } from './schemas.ts';

const b64 = (hashes: readonly Uint8Array[]): string[] => hashes.map((h) => Buffer.from(h).toString('base64'));

export function auditManagementRoutes(deps: AuditDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const db = deps.store.db;

    app.get('/entries', { schema: { tags: ['audit'], querystring: EntryQueryString } }, async (request) => {
      const { from, to, before, ...rest } = request.query;
      // The page holds only entries of the tree head it names, so each one is provable against that head.
      const head = await readTreeHead(db);
      const entries = await searchEntries(db, {
        ...rest,
        before: Math.min(before ?? head.size, head.size),
        ...(from === undefined ? {} : { from: new Date(from) }),
        ...(to === undefined ? {} : { to: new Date(to) }),
      });
      const last = entries[entries.length - 1];
      return {
        treeHead: { size: head.size, root: toHex(head.root) },
        entries,
        next: last === undefined || last.index === 0 ? null : last.index,
      };
    });

    app.get(
      '/entries/:index',
      { schema: { tags: ['audit'], params: Type.Object({ index: Type.Integer({ minimum: 0 }) }) } },
      async (request) => {
        const { index } = request.params;
        const [entry] = await readEntries(db, { start: index, end: index + 1 });
        if (entry === undefined) throw new Refusal(err('not-found', `No audit entry ${index}`));
        const checkpoint = await latestCheckpoint(db);
        const size =
          checkpoint !== undefined && checkpoint.size > index
            ? checkpoint.size
            : (await readTreeHead(db)).size;
        return {
          entry,
          size,
          proof: b64(await inclusionProof(db, { index, size })),
          checkpoint: checkpoint?.size === size ? checkpoint.note : null,
        };
      },
    );

    app.get(
      '/proof/inclusion',
      { schema: { tags: ['audit'], querystring: InclusionQuery, response: { 200: Proof } } },
      async (request) => {
        const size = request.query.size ?? (await readTreeHead(db)).size;
        return { proof: b64(await inclusionProof(db, { index: request.query.index, size })) };
      },
    );

    app.get(
      '/proof/consistency',
      { schema: { tags: ['audit'], querystring: ConsistencyQuery, response: { 200: Proof } } },
      async (request) => ({
        proof: b64(await consistencyProof(db, request.query)),
      }),
    );

    app.get('/checkpoint', { schema: { tags: ['audit'] } }, async (_request, reply) => {
      const latest = await latestCheckpoint(db);
      if (latest === undefined) throw new Refusal(err('not-found', 'No checkpoint has been published yet'));
      return reply.type('text/plain; charset=utf-8').send(latest.note);
    });

    app.get('/export', { schema: { tags: ['audit'], querystring: ExportQuery } }, async (request) => {
      const checkpoint = await latestCheckpoint(db);
      // By default an export is made against the latest published checkpoint, the one witnesses cosign.
      const size = request.query.size ?? checkpoint?.size ?? (await readTreeHead(db)).size;
      return exportRange(db, {
        origin: deps.logSigner.name,
        start: request.query.start,
        end: Math.min(request.query.end, size),
        size,
        ...(request.query.since === undefined ? {} : { since: request.query.since }),
      });
    });

    // Verifier keys (C2SP vkeys) an auditor needs for `foedera audit verify`, best fetched once and pinned.
    app.get('/keys', { schema: { tags: ['audit'] } }, async () => ({
      log: formatVerifierKey(deps.logSigner),
      witness: formatVerifierKey(deps.witnessSigner),
      peers: deps.peers.map((p) => ({
        participant: p.participant,
        log: formatVerifierKey(p.logKey),
        witness: formatVerifierKey(p.witnessKey),
      })),
    }));

    app.get('/alarms', { schema: { tags: ['audit'] } }, async () => ({
      alarms: (await listAlarms(db)).map((a) => ({ ...a, raisedAt: a.raisedAt.toISOString() })),
    }));

    app.get('/peers', { schema: { tags: ['audit'] } }, async () => ({
      peers: await Promise.all(
        deps.peers.map(async (peer) => {
          const seen = await peerCheckpoint(db, peer.logKey.name);
          return {
            participant: peer.participant,
            origin: peer.logKey.name,
            size: seen?.size ?? null,
            checkpoint: seen?.note ?? null,
          };
        }),
      ),
    }));
  };
}
