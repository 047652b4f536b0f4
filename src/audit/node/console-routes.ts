/**
 * The proof the web console verifies in the browser (web/src/api/resources.ts `AuditProof`): an entry's inclusion
 * proof with the root it leads to, in hex as the console's page of entries gives its tree head.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { toHex } from '../merkle/hash.ts';
import { inclusionProof, readTreeHead, rootAt } from '../store/proofs.ts';
import type { AuditDeps } from '../service/deps.ts';

const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

export function auditConsoleRoutes(deps: Pick<AuditDeps, 'store'>): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const db = deps.store.db;
    app.get(
      '/entries/:index/proof',
      {
        schema: {
          tags: ['audit'],
          params: Type.Object({ index: Index }),
          querystring: Type.Object({ size: Type.Optional(Index) }, { additionalProperties: false }),
          response: {
            200: Type.Object({ index: Index, size: Index, root: Hex, proof: Type.Array(Hex) }),
          },
        },
      },
      async (request) => {
        const { index } = request.params;
        const size = request.query.size ?? (await readTreeHead(db)).size;
        // Out-of-range index or size is refused by the store (audit-out-of-range, 404).
        const proof = await inclusionProof(db, { index, size });
        return { index, size, root: toHex(await rootAt(db, size)), proof: proof.map(toHex) };
      },
    );
  };
}
