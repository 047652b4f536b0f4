/**
 * The audit module's route plugins (registered in src/node/route-plugins.ts): the management API under `/v1/audit`
 * and the peer endpoints under `/audit` on the protocol surface. Both share one `AuditRuntime` per node; the
 * checkpoint publisher it starts stops on the node's shutdown signal and is awaited when the server closes.
 */
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { AUDIT_REASONS } from '../http/reasons.ts';
import { auditManagementRoutes } from '../http/management-routes.ts';
import { auditProtocolRoutes } from '../http/protocol-routes.ts';
import { auditConsoleRoutes } from './console-routes.ts';
import { auditRuntimeFor } from './audit-runtime.ts';

export const AUDIT_PROTOCOL_PREFIX = '/audit';

export const auditManagementApi: RoutePlugin = {
  name: 'audit-management',
  surface: 'management',
  prefix: '/v1/audit',
  reasons: AUDIT_REASONS,
  create: async (context) => {
    const runtime = await auditRuntimeFor(context);
    return async (app) => {
      await app.register(auditManagementRoutes(runtime.deps));
      await app.register(auditConsoleRoutes(runtime.deps));
      // The publisher uses the store: its last round ends before the stores close.
      app.addHook('onClose', () => runtime.stop());
    };
  },
};

export const auditProtocolApi: RoutePlugin = {
  name: 'audit-protocol',
  surface: 'protocol',
  prefix: AUDIT_PROTOCOL_PREFIX,
  create: async (context) => auditProtocolRoutes((await auditRuntimeFor(context)).deps),
};
