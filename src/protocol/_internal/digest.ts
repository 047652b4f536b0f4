import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SHA-256 of the RFC 8785 canonical form: two messages with the same content have the same digest. */
export function messageDigest(message: unknown): string {
  const canonical = canonicalize(message);
  if (canonical === undefined) throw new Error('Cannot digest a message that has no JSON form');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
