/** Reading and writing versions and activities. Versions are insert-only: a version id names one content for ever. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { ConfidentialityLabel } from '../../labels/index.ts';
import type { CatalogOffer } from '../../protocol/messages/odrl.ts';
import type { ArtefactKind, JsonObject, StoredActivity, StoredVersion } from '../model.ts';
import './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

type VersionRow = Database['lineage_version'] extends infer T ? { [K in keyof T]: unknown } : never;

function toVersion(row: VersionRow): StoredVersion {
  return {
    id: row.id as string,
    artefact: row.artefact as string,
    kind: row.kind as ArtefactKind,
    title: row.title as string,
    participant: row.participant as string,
    local: row.local as boolean,
    content: row.content as JsonObject,
    label: row.label as ConfidentialityLabel,
    policies: row.policies as CatalogOffer[],
    ...(row.activity === null ? {} : { activity: row.activity as string }),
    ...(row.previous === null ? {} : { previous: row.previous as string }),
    recordedAt: (row.recorded_at as Date).toISOString(),
  };
}

/** Inserts a version unless one with this id exists; answers whether it was new. */
export async function insertVersion(
  db: Db,
  version: Omit<StoredVersion, 'recordedAt'> & { recordedAt: Date },
): Promise<boolean> {
  const result = await db
    .insertInto('lineage_version')
    .values({
      id: version.id,
      artefact: version.artefact,
      kind: version.kind,
      title: version.title,
      participant: version.participant,
      local: version.local,
      content: jsonb(version.content),
      label: jsonb(version.label),
      policies: jsonb(version.policies),
      activity: version.activity ?? null,
      previous: version.previous ?? null,
      recorded_at: version.recordedAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function getVersion(db: Db, id: string): Promise<StoredVersion | undefined> {
  const row = await db.selectFrom('lineage_version').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toVersion(row);
}

export async function getVersions(db: Db, ids: readonly string[]): Promise<StoredVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('lineage_version')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toVersion);
}

/** The versions of an artefact this node holds, oldest first. */
export async function listVersions(db: Db, artefact: string): Promise<StoredVersion[]> {
  const rows = await db
    .selectFrom('lineage_version')
    .selectAll()
    .where('artefact', '=', artefact)
    .where('local', '=', true)
    .orderBy('seq')
    .execute();
  return rows.map(toVersion);
}

export async function latestVersion(db: Db, artefact: string): Promise<StoredVersion | undefined> {
  const row = await db
    .selectFrom('lineage_version')
    .selectAll()
    .where('artefact', '=', artefact)
    .where('local', '=', true)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toVersion(row);
}

export async function insertActivity(
  db: Db,
  activity: Omit<StoredActivity, 'startedAt' | 'endedAt'> & { startedAt: Date; endedAt: Date },
): Promise<void> {
  await db
    .insertInto('lineage_activity')
    .values({
      id: activity.id,
      type: activity.type,
      started_at: activity.startedAt,
      ended_at: activity.endedAt,
      agent: activity.agent,
      participant: activity.participant,
      details: jsonb(activity.details),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  if (activity.used.length > 0) {
    await db
      .insertInto('lineage_used')
      .values(activity.used.map((version) => ({ activity: activity.id, version })))
      .onConflict((oc) => oc.columns(['activity', 'version']).doNothing())
      .execute();
  }
}

export async function getActivities(db: Db, ids: readonly string[]): Promise<StoredActivity[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('lineage_activity')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const used = await db
    .selectFrom('lineage_used')
    .selectAll()
    .where('activity', 'in', [...ids])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at.toISOString(),
    agent: row.agent,
    participant: row.participant,
    details: row.details as JsonObject,
    used: used
      .filter((u) => u.activity === row.id)
      .map((u) => u.version)
      .sort(),
  }));
}

/** Versions generated by activities that used any of `versions` (one step downstream). */
export async function derivedFrom(db: Db, versions: readonly string[]): Promise<StoredVersion[]> {
  if (versions.length === 0) return [];
  const rows = await db
    .selectFrom('lineage_version')
    .innerJoin('lineage_used', 'lineage_used.activity', 'lineage_version.activity')
    .selectAll('lineage_version')
    .where('lineage_used.version', 'in', [...versions])
    .execute();
  return rows.map(toVersion);
}

/** The latest version of each artefact this node holds, newest first (what the console offers to explore). */
export async function latestArtefacts(db: Db, options: { limit: number }): Promise<StoredVersion[]> {
  const latest = db
    .selectFrom('lineage_version')
    .select((eb) => ['artefact', eb.fn.max('seq').as('seq')])
    .where('local', '=', true)
    .groupBy('artefact')
    .as('latest');
  const rows = await db
    .selectFrom('lineage_version')
    .innerJoin(latest, (join) =>
      join
        .onRef('latest.artefact', '=', 'lineage_version.artefact')
        .onRef('latest.seq', '=', 'lineage_version.seq'),
    )
    .selectAll('lineage_version')
    .orderBy('lineage_version.seq', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map(toVersion);
}
