/**
 * The metadata schema as Kysely sees it. Each module declares its own tables by module augmentation, in a file of
 * its own, so that no module edits another's types:
 *
 *     declare module '../store/metadata/database.ts' {
 *       interface Database { audit_entry: AuditEntryTable }
 *     }
 *
 * `store-meta.ts` shows the pattern for the store's own table. The tables themselves come from the migrations
 * under `./migrations/`, numbered per module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation, see above
export interface Database {}
