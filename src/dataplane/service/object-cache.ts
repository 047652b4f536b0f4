/**
 * Owned objects as the transfer routes serve them, kept in memory: an object never changes once sealed (its id names
 * one manifest), so its row need not be read and its manifest parsed again for each of its thousand segments. The
 * agreement is still checked on every request; only the immutable object is cached.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import type { SegmentEntry } from '../format/manifest.ts';
import { findOwnedObject, type OwnedObject } from './owned-objects.ts';

export type ServedObject = OwnedObject & { readonly segmentsByHash: ReadonlyMap<string, SegmentEntry> };

export function ownedObjectCache(options: { db: Kysely<Database> | Transaction<Database>; max?: number }) {
  const max = options.max ?? 64;
  const objects = new Map<string, ServedObject>();
  return async (objectId: string): Promise<ServedObject | undefined> => {
    const cached = objects.get(objectId);
    if (cached !== undefined) {
      // Most recently used last, so the oldest is the first key.
      objects.delete(objectId);
      objects.set(objectId, cached);
      return cached;
    }
    const object = await findOwnedObject(options.db, objectId);
    if (object === undefined) return undefined;
    const served: ServedObject = {
      ...object,
      segmentsByHash: new Map(object.manifest.body.integrity.segments.map((s) => [s.hash, s])),
    };
    objects.set(objectId, served);
    if (objects.size > max) objects.delete(objects.keys().next().value as string);
    return served;
  };
}
