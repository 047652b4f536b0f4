/**
 * The peers this node witnesses and is witnessed by, as the operator pins them in `<home>/audit/peers.json` after
 * exchanging audit keys (`GET /v1/audit/keys`) out of band: `{ "peers": [{ participant, url, logKey, witnessKey }] }`
 * with the keys as C2SP vkeys and `url` the peer's audit protocol base, e.g. `https://deu.example:8443/audit`.
 * Read again on every witness round, so pinning a new peer needs no restart.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { err, ok, type Result } from '../../shared/result.ts';
import { parseVerifierKey, SIG_COSIGNATURE_V1, SIG_ED25519 } from '../note/keys.ts';
import type { AuditPeer } from '../service/deps.ts';

const PeersFile = Type.Object(
  {
    peers: Type.Array(
      Type.Object(
        {
          participant: Type.String({ minLength: 1, maxLength: 256 }),
          url: Type.String({ pattern: '^https://[^\\s]+[^/\\s]$' }),
          logKey: Type.String({ minLength: 1, maxLength: 1024 }),
          witnessKey: Type.String({ minLength: 1, maxLength: 1024 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
const checkPeersFile = Compile(PeersFile);

export const peersFileOf = (home: string): string => join(home, 'audit', 'peers.json');

/** The pinned peers; no file means no peers yet. */
export async function readAuditPeers(file: string): Promise<Result<AuditPeer[], 'audit-invalid-peers'>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    return err('audit-invalid-peers', `Cannot read audit peers "${file}": ${(cause as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (!checkPeersFile.Check(value)) {
      return err(
        'audit-invalid-peers',
        `Cannot use audit peers "${file}": not {"peers": [...]} as documented`,
      );
    }
    return ok(
      value.peers.map((p) => {
        const logKey = parseVerifierKey(p.logKey);
        const witnessKey = parseVerifierKey(p.witnessKey);
        if (logKey.type !== SIG_ED25519 || witnessKey.type !== SIG_COSIGNATURE_V1) {
          throw new Error(`peer "${p.participant}" needs an Ed25519 log key and a cosignature witness key`);
        }
        return { participant: p.participant, url: p.url, logKey, witnessKey };
      }),
    );
  } catch (cause) {
    return err('audit-invalid-peers', `Cannot use audit peers "${file}": ${(cause as Error).message}`);
  }
}
