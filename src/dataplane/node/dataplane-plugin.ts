/**
 * The data plane on the node's protocol surface (`/dataplane`, behind mutual TLS): the transfer routes with the
 * owner's key service, built from the node's context. Agreements come from the protocol module's tables, decisions
 * from the policy decision point on the agreement's compiled policy, audit entries go to the node's audit log.
 * The plugin also runs the consumer's worker that pulls the object of every STARTED transfer.
 */
import { peerOf } from '../../http/request-guards.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { DATAPLANE_REASONS } from '../transfer/reasons.ts';
import { transferRoutes } from '../transfer/routes.ts';
import { DATAPLANE_PATH } from './data-address.ts';
import { dataPlaneNode } from './dataplane-node.ts';
import { startInboundPulls } from './inbound-pulls.ts';

export { DATAPLANE_PATH };

export const dataPlaneRoutes: RoutePlugin = {
  name: 'dataplane',
  surface: 'protocol',
  prefix: DATAPLANE_PATH,
  reasons: DATAPLANE_REASONS,
  create: async (context) => {
    const node = await dataPlaneNode(context);
    const routes = transferRoutes({
      participant: node.participant,
      store: context.stores.metadata,
      blobs: context.stores.blobs,
      agreements: node.agreements,
      keyService: node.keyService,
      manifestCheck: { lookup: node.keys.lookup, labelBinder: node.labelBinder },
      clock: context.clock,
      peerOf: (request) => {
        const peer = peerOf(request);
        node.keys.remember(request, peer);
        return { id: peer.participantId, country: peer.countryAlpha3 };
      },
    });
    return async (app) => {
      const pulls = startInboundPulls({ context, node });
      app.addHook('onClose', async () => pulls.stop());
      await routes(app, {});
    };
  },
};
