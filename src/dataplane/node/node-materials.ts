/**
 * The key material the data plane needs on a node, from the node's home: its signing key (the node's federation
 * key, EC P-384, ES384, named by its certificate's serial number), the master key that seals data keys at rest and
 * the recipient key pair data keys are wrapped for. The last two are created on first start, beside the node key,
 * readable by the node's user only (0600); a later start refuses them when they became readable by others.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { NodeContext } from '../../node/context.ts';
import { readTlsFiles, resolveInHome } from '../../node/read-material.ts';
import { FoederaError } from '../../shared/errors.ts';
import type { NodeSigningKey } from '../keys/node-signing-key.ts';
import {
  exportRecipientKeyPair,
  generateRecipientKeyPair,
  importRecipientKeyPair,
  type RecipientKeyPair,
} from '../keys/recipient-keys.ts';
import type { MasterKey } from '../service/master-key.ts';

export type DataPlaneMaterials = {
  readonly signingKey: NodeSigningKey;
  readonly master: MasterKey;
  readonly recipient: RecipientKeyPair;
};

export const MASTER_KEY_FILE = 'dataplane-master.key';
export const RECIPIENT_KEY_FILE = 'dataplane-recipient.json';

/** Reads a secret file, or writes `create()` to it with mode 0600 when it does not exist yet. */
async function secretFile(file: string, create: () => string): Promise<string> {
  try {
    const mode = (await stat(file)).mode & 0o077;
    if (mode !== 0) {
      throw new FoederaError(
        'key-exposed',
        `Refusing data plane key "${file}": readable by group or others (chmod 600)`,
      );
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const text = create();
    // `wx`: two starts racing on the same home must not overwrite each other's key.
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return text;
  }
}

function readMasterKey(text: string, file: string): MasterKey {
  const parsed = JSON.parse(text) as { kid?: unknown; key?: unknown };
  const key = typeof parsed.key === 'string' ? Buffer.from(parsed.key, 'base64url') : Buffer.alloc(0);
  if (typeof parsed.kid !== 'string' || key.length !== 32) {
    throw new FoederaError(
      'invalid-key',
      `Cannot read data plane master key "${file}": not a 256-bit key with a kid`,
    );
  }
  return { kid: parsed.kid, key };
}

/** The master key in `file`, created (256 random bits, mode 0600) when the file does not exist. */
export async function loadOrCreateMasterKey(file: string): Promise<MasterKey> {
  const text = await secretFile(file, () =>
    JSON.stringify({
      kid: `master-${randomBytes(8).toString('hex')}`,
      key: randomBytes(32).toString('base64url'),
    }),
  );
  return readMasterKey(text, file);
}

export async function loadDataPlaneMaterials(context: NodeContext): Promise<DataPlaneMaterials> {
  const participant = context.identity.participantId;
  const tls = await readTlsFiles(context.home, context.config);
  const signingKey: NodeSigningKey = {
    participant,
    kid: context.identity.serialNumber,
    alg: 'ES384',
    privateKey: createPrivateKey(tls.key),
  };
  const details = signingKey.privateKey.asymmetricKeyDetails;
  if (signingKey.privateKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'secp384r1') {
    throw new FoederaError(
      'unsupported-key',
      `Cannot use the node key of ${participant} for the data plane: not EC P-384`,
    );
  }
  const keys = dirname(resolveInHome(context.home, context.config.tls.key));
  const master = await loadOrCreateMasterKey(join(keys, MASTER_KEY_FILE));
  const recipient = importRecipientKeyPair(
    await secretFile(join(keys, RECIPIENT_KEY_FILE), () =>
      exportRecipientKeyPair(
        generateRecipientKeyPair({ participant, kid: `recipient-${randomBytes(8).toString('hex')}` }),
      ),
    ),
  );
  if (recipient.participant !== participant) {
    throw new FoederaError(
      'invalid-key',
      `Cannot use recipient keys of ${recipient.participant} for ${participant}`,
    );
  }
  return { signingKey, master, recipient };
}
