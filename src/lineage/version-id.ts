/**
 * Content addressing of versions: a version id is `sha256:` and the hex SHA-256 of the RFC 8785 canonical JSON of
 * the version's content description. The same content always has the same id, so publishing it again creates no new
 * version, and any change (data digest, metadata, card, label, usage policy, inputs) creates one.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { FoederaError } from '../shared/errors.ts';

export const VERSION_ID = /^sha256:[0-9a-f]{64}$/;

export function versionIdOf(content: unknown): string {
  const text = canonicalize(content);
  if (text === undefined)
    throw new FoederaError('internal', 'Cannot canonicalise a version content description');
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

export const isVersionId = (value: string): boolean => VERSION_ID.test(value);
