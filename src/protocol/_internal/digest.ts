import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

/** SHA-256 of the RFC 8785 canonical form: two messages with the same content have the same digest. */
export function messageDigest(message: unknown): string {
  const canonical = canonicalize(message);
  if (canonical === undefined) throw new Error('Cannot digest a message that has no JSON form');
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}
