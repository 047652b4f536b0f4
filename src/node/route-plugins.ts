/**
 * The registry of route plugins: each module contributes Fastify plugins built from the `NodeContext`, on one of
 * the node's two surfaces. To add a module's routes, add ONE entry to `routePlugins` below (import its factory).
 *
 * - `protocol`: the HTTPS endpoint peers call. Every request has passed mutual TLS with a federation certificate
 *   that is not revoked; `request.peer` names the calling participant.
 * - `management`: the local API for users and operators. Every route needs a valid token of this node's identity
 *   provider (`request.user` holds its claims) unless it sets `config: { public: true }`.
 *
 * A plugin's thrown `FoederaError`s, validation failures and refusals (`throw new Refusal(result)`) become RFC 9457
 * problem documents in one place (src/http/problem-handler.ts); `reasons` adds the module's reason → status rows.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { NodeContext } from './context.ts';
import { federationRoutes } from '../http/routes/federation-routes.ts';
import { trustManagementRoutes } from '../api/routes/trust-routes.ts';
import { userAuditPlugin } from '../api/routes/user-audit-plugin.ts';
import { consoleRoutes } from '../http/console-static.ts';
import { dataPlaneRoutes } from '../dataplane/node/dataplane-plugin.ts';
import { dataPlaneManagementApi } from '../dataplane/api/management-plugin.ts';
import {
  dspProtocolRoutes,
  dspVersionRoutes,
  protocolManagementApi,
} from '../protocol/node/protocol-plugins.ts';
import { catalogProtocolRoutes } from '../catalog/http/catalog-protocol-routes.ts';
import { catalogManagementRoutes } from '../catalog/http/dataset-management-routes.ts';
import { auditManagementApi, auditProtocolApi } from '../audit/node/audit-plugins.ts';
import { computePlugins } from '../compute/node/plugins.ts';

export type Surface = 'protocol' | 'management';

export type RoutePlugin = {
  /** Unique; used in logs and as the OpenAPI tag. */
  readonly name: string;
  readonly surface: Surface;
  /** URL prefix of every route of the plugin, e.g. `/dsp` or `/v1/audit`. */
  readonly prefix: string;
  /** Domain reasons this module refuses with, and their HTTP status. */
  readonly reasons?: Readonly<Record<string, number>>;
  /** Builds the plugin; may open resources, which it closes in an `onClose` hook. */
  readonly create: (context: NodeContext) => FastifyPluginAsync | Promise<FastifyPluginAsync>;
};

export const routePlugins: readonly RoutePlugin[] = [
  federationRoutes,
  trustManagementRoutes,
  userAuditPlugin,
  consoleRoutes,
  dspProtocolRoutes,
  dspVersionRoutes,
  protocolManagementApi,
  catalogProtocolRoutes,
  catalogManagementRoutes,
  dataPlaneRoutes,
  dataPlaneManagementApi,
  auditManagementApi,
  auditProtocolApi,
  ...computePlugins,
];
