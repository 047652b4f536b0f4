/**
 * The node's security event log in the metadata store. Writes come from the TLS edge, which must never wait on the
 * database: events are queued and written in order by one writer, and a flood beyond the queue's bound is counted
 * and dropped rather than allowed to exhaust memory.
 */
import { sql, type ColumnType, type Generated, type Kysely } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';

export type TrustEventTable = {
  id: Generated<string>;
  at: ColumnType<Date, Date, never>;
  kind: string;
  participant: string | null;
  reason: string | null;
  detail: unknown;
};

declare module '../../store/metadata/database.ts' {
  interface Database {
    trust_event: TrustEventTable;
  }
}

export type TrustEventKind = 'tls-refused' | 'crl-applied' | 'node-started' | 'node-stopped';

export type TrustEvent = {
  kind: TrustEventKind;
  at: Date;
  participant?: string;
  reason?: string;
  detail?: Record<string, unknown>;
};

export type StoredTrustEvent = TrustEvent & { id: string };

export type TrustEventLog = {
  /** Queues the event; never throws, never waits. */
  record(event: TrustEvent): void;
  /** Resolves once every event queued so far is written (or failed). */
  flush(): Promise<void>;
  list(options: { limit: number; kind?: TrustEventKind }): Promise<StoredTrustEvent[]>;
  /** Whether this node applied the revocation list with that digest (so it may serve it from the blob store). */
  appliedCrl(sha256: string): Promise<boolean>;
};

export function createTrustEventLog(options: {
  store: MetadataStore;
  onError: (error: unknown) => void;
  onDrop: () => void;
  maxQueued?: number;
}): TrustEventLog {
  const db: Kysely<Database> = options.store.db;
  const maxQueued = options.maxQueued ?? 1000;
  let queued = 0;
  let tail: Promise<void> = Promise.resolve();
  return {
    record(event) {
      if (queued >= maxQueued) {
        options.onDrop();
        return;
      }
      queued++;
      tail = tail
        .then(() =>
          db
            .insertInto('trust_event')
            .values({
              at: event.at,
              kind: event.kind,
              participant: event.participant ?? null,
              reason: event.reason ?? null,
              detail: jsonb(event.detail ?? {}),
            })
            .execute(),
        )
        .then(
          () => undefined,
          (error: unknown) => options.onError(error),
        )
        .finally(() => queued--);
    },
    flush: () => tail,
    async appliedCrl(sha256) {
      const row = await db
        .selectFrom('trust_event')
        .select('id')
        .where('kind', '=', 'crl-applied')
        .where(sql<string>`detail->>'sha256'`, '=', sha256)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async list({ limit, kind }) {
      let query = db.selectFrom('trust_event').selectAll().orderBy('id', 'desc').limit(limit);
      if (kind !== undefined) query = query.where('kind', '=', kind);
      const rows = await query.execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind as TrustEventKind,
        at: r.at,
        ...(r.participant === null ? {} : { participant: r.participant }),
        ...(r.reason === null ? {} : { reason: r.reason }),
        detail: r.detail as Record<string, unknown>,
      }));
    },
  };
}
