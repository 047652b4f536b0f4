/** The route plugins of compute-to-data and federated training, registered as one entry in src/node/route-plugins.ts. */
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { trainingManagementRoutes } from '../../training/node/training-management-plugin.ts';
import { computeManagementRoutes } from './compute-management-plugin.ts';
import { computeProtocolRoutes } from './compute-protocol-plugin.ts';

export const computePlugins: readonly RoutePlugin[] = [
  computeProtocolRoutes,
  computeManagementRoutes,
  trainingManagementRoutes,
];
