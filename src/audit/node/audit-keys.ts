/**
 * The node's two audit keys, Ed25519 as C2SP signed notes require: the log key signs this node's checkpoints, the
 * cosigner key (type 0x04) signs its cosignatures on peers' checkpoints; C2SP wants them distinct. The node's TLS
 * and identity provider keys are ECDSA, so the audit keys are their own, created 0600 in the home on first start.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FoederaError } from '../../shared/errors.ts';
import { createSigner, SIG_COSIGNATURE_V1, SIG_ED25519, type NoteSigner } from '../note/keys.ts';

export type AuditKeys = { readonly logSigner: NoteSigner; readonly witnessSigner: NoteSigner };

/** The log's origin (and log key name) of a participant, e.g. `foedera/FRA`. */
export const logOrigin = (participantId: string): string => `foedera/${participantId}`;
export const witnessName = (participantId: string): string => `foedera/${participantId}/witness`;

async function loadOrCreate(file: string): Promise<KeyObject> {
  try {
    return createPrivateKey(await readFile(file, 'utf8'));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new FoederaError(
        'key-unreadable',
        `Cannot read audit key "${file}": ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  try {
    // `wx`: never overwrite a key another process created meanwhile; its key wins and is read back.
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    return createPrivateKey(await readFile(file, 'utf8'));
  }
  return privateKey;
}

export async function loadAuditKeys(options: { home: string; participantId: string }): Promise<AuditKeys> {
  const dir = join(options.home, 'audit');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [log, witness] = [
    await loadOrCreate(join(dir, 'log-key.pem')),
    await loadOrCreate(join(dir, 'witness-key.pem')),
  ];
  return {
    logSigner: createSigner({ name: logOrigin(options.participantId), privateKey: log, type: SIG_ED25519 }),
    witnessSigner: createSigner({
      name: witnessName(options.participantId),
      privateKey: witness,
      type: SIG_COSIGNATURE_V1,
    }),
  };
}
