/**
 * Audit routes on the protocol surface, for peers: this node's audit keys, its latest checkpoint and proofs (so witnesses can check
 * it), the witness's add-checkpoint endpoint (a log submits a checkpoint with a consistency proof from the size this
 * witness last saw, as in C2SP tlog-witness, in JSON), and the intake of cosignatures witnesses send back.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { err } from '../../shared/result.ts';
import { Refusal } from '../../http/refusal.ts';
import { parseCheckpoint } from '../note/checkpoint.ts';
import { formatVerifierKey } from '../note/keys.ts';
import { parseNote } from '../note/note.ts';
import { addCosignatures, latestCheckpoint, publishCheckpoint } from '../store/checkpoints.ts';
import { consistencyProof, inclusionProof, readTreeHead } from '../store/proofs.ts';
import { peerCheckpoint, witnessPeer } from '../store/witness-store.ts';
import type { AuditDeps } from '../service/deps.ts';
import { AddCheckpointBody, ConsistencyQuery, CosignaturesBody, InclusionQuery, Proof } from './schemas.ts';

const b64 = (hashes: readonly Uint8Array[]): string[] => hashes.map((h) => Buffer.from(h).toString('base64'));

export function auditProtocolRoutes(deps: AuditDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/checkpoint', { schema: { tags: ['audit'] } }, async (_request, reply) => {
      const latest =
        (await latestCheckpoint(deps.store.db)) ??
        (await publishCheckpoint(deps.store, { signer: deps.logSigner })).checkpoint;
      return reply.type('text/plain; charset=utf-8').send(latest.note);
    });

    // A peer learning this node from the federation pins these keys on first contact (src/audit/node/discover-peers.ts).
    app.get('/keys', { schema: { tags: ['audit'] } }, async () => ({
      log: formatVerifierKey(deps.logSigner),
      witness: formatVerifierKey(deps.witnessSigner),
    }));

    app.get(
      '/proof/consistency',
      { schema: { tags: ['audit'], querystring: ConsistencyQuery, response: { 200: Proof } } },
      async (request) => ({
        proof: b64(await consistencyProof(deps.store.db, request.query)),
      }),
    );

    app.get(
      '/proof/inclusion',
      { schema: { tags: ['audit'], querystring: InclusionQuery, response: { 200: Proof } } },
      async (request) => {
        const size = request.query.size ?? (await readTreeHead(deps.store.db)).size;
        return { proof: b64(await inclusionProof(deps.store.db, { index: request.query.index, size })) };
      },
    );

    app.post(
      '/add-checkpoint',
      { schema: { tags: ['audit'], body: AddCheckpointBody } },
      async (request, reply) => {
        const note = parseNote(request.body.checkpoint);
        const body = note.ok ? parseCheckpoint(note.value.text) : note;
        if (!body.ok) throw new Refusal(body);
        const peer = deps.peers.find((p) => p.logKey.name === body.value.origin);
        if (peer === undefined)
          throw new Refusal(
            err('audit-unknown-log', `Cannot witness log "${body.value.origin}": not a peer of this node`),
          );
        const known = await peerCheckpoint(deps.store.db, peer.logKey.name);
        if ((known?.size ?? 0) !== request.body.oldSize) {
          // As in tlog-witness: the log must prove consistency from the size this witness holds.
          return reply.code(409).send({ code: 'audit-size-conflict', size: known?.size ?? 0 });
        }
        const outcome = await witnessPeer(deps.store, {
          logKey: peer.logKey,
          witness: deps.witnessSigner,
          now: deps.clock(),
          next: request.body.checkpoint,
          proof: request.body.proof.map((p) => new Uint8Array(Buffer.from(p, 'base64'))),
          ...(deps.onAlarm === undefined ? {} : { onAlarm: deps.onAlarm }),
        });
        switch (outcome.kind) {
          case 'cosigned':
            return { cosignedNote: outcome.cosignedNote };
          case 'fork':
            throw new Refusal(err('audit-fork-detected', outcome.evidence.detail));
          case 'refused':
            throw new Refusal(outcome);
        }
      },
    );

    app.post('/cosignatures', { schema: { tags: ['audit'], body: CosignaturesBody } }, async (request) => {
      const result = await addCosignatures(deps.store, {
        note: request.body.note,
        witnesses: deps.peers.map((p) => p.witnessKey),
      });
      if (!result.ok) throw new Refusal(result);
      return result.value;
    });
  };
}
