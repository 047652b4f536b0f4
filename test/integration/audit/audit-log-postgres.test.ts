import { after, before } from 'node:test';
import { openMetadataStore } from '../../../src/store/metadata/open.ts';
import { createScratchSchema, type ScratchSchema } from '../../../src/store/metadata/scratch-schema.ts';
import { runAuditLogContract } from './audit-log-contract.ts';

const databaseUrl = process.env['DATABASE_URL'];
const skip =
  databaseUrl === undefined || databaseUrl === ''
    ? 'DATABASE_URL is not set: PostgreSQL tests skipped'
    : undefined;

let scratch: ScratchSchema | undefined;
before(async () => {
  if (skip === undefined && databaseUrl !== undefined)
    scratch = await createScratchSchema(databaseUrl, 'audit');
});
after(async () => {
  await scratch?.drop();
});

runAuditLogContract({
  name: 'PostgreSQL',
  ...(skip === undefined ? {} : { skip }),
  create: () => openMetadataStore({ databaseUrl: scratch?.databaseUrl ?? '' }),
});
