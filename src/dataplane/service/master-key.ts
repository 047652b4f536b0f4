/**
 * Data keys at rest: sealed under the node's master key with AES-256-GCM, the object id and owner as associated data,
 * so a sealed key copied to another row does not open. The master key comes from the node's key directory (or an
 * HSM behind the same two functions); plaintext data keys exist only in memory, for one request.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FoederaError } from '../../shared/errors.ts';
import { lengthPrefixed, utf8 } from '../_internal/bytes.ts';

export type MasterKey = { readonly kid: string; readonly key: Buffer };

export class DataKeyUnsealError extends FoederaError {
  constructor(objectId: string) {
    super(
      'data-key-unseal-failed',
      `Cannot unseal data key of "${objectId}": wrong master key or altered record`,
    );
  }
}

const aad = (objectId: string, owner: string, kid: string) =>
  lengthPrefixed(utf8(objectId), utf8(owner), utf8(kid));

export function sealDataKey(
  master: MasterKey,
  options: { dataKey: Buffer; objectId: string; owner: string },
): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv);
  cipher.setAAD(aad(options.objectId, options.owner, master.kid));
  return Buffer.concat([iv, cipher.update(options.dataKey), cipher.final(), cipher.getAuthTag()]);
}

export function unsealDataKey(
  master: MasterKey,
  options: { sealed: Buffer; objectId: string; owner: string },
): Buffer {
  const { sealed } = options;
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, sealed.subarray(0, 12));
    decipher.setAAD(aad(options.objectId, options.owner, master.kid));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  } catch {
    throw new DataKeyUnsealError(options.objectId);
  }
}
