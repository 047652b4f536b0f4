import { IN_MEMORY, openMetadataStore } from '../../../src/store/metadata/open.ts';
import { runAuditLogContract } from './audit-log-contract.ts';

runAuditLogContract({ name: 'PGlite', create: () => openMetadataStore({ dataDir: IN_MEMORY }) });
