/**
 * The data plane on the node's protocol surface (`/dataplane`, behind mutual TLS): the transfer routes with the
 * owner's key service, built from the node's context. Agreements come from the protocol module's tables, decisions
 * from the policy decision point on the agreement's compiled policy, audit entries go to the node's audit log.
 * The plugin also runs the consumer's worker that pulls the object of every STARTED pull transfer, the routes that
 * receive a push into this node's push transfers, and the provider's worker that pushes.
 */
import type { FastifyRequest } from 'fastify';
import { peerOf } from '../../http/request-guards.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { DATAPLANE_REASONS } from '../transfer/reasons.ts';
import { transferRoutes } from '../transfer/routes.ts';
import { DATAPLANE_PATH } from './data-address.ts';
import { dataPlaneNode } from './dataplane-node.ts';
import { startInboundPulls } from './inbound-pulls.ts';
import { startOutboundPushes } from './outbound-pushes.ts';
import { PUSH_RECEIVE_REASONS, pushReceiverRoutes } from './push-receiver.ts';

export { DATAPLANE_PATH };

export const dataPlaneRoutes: RoutePlugin = {
  name: 'dataplane',
  surface: 'protocol',
  prefix: DATAPLANE_PATH,
  reasons: { ...DATAPLANE_REASONS, ...PUSH_RECEIVE_REASONS },
  create: async (context) => {
    const node = await dataPlaneNode(context);
    const peer = (request: FastifyRequest) => {
      const identity = peerOf(request);
      node.keys.remember(request, identity);
      return { id: identity.participantId, country: identity.countryAlpha3 };
    };
    const routes = transferRoutes({
      participant: node.participant,
      store: context.stores.metadata,
      blobs: context.stores.blobs,
      agreements: node.agreements,
      keyService: node.keyService,
      clock: context.clock,
      peerOf: peer,
    });
    const receiver = pushReceiverRoutes({ context, node, peerOf: peer });
    return async (app) => {
      const pulls = startInboundPulls({ context, node });
      const pushes = startOutboundPushes({ context, node });
      app.addHook('onClose', async () => Promise.all([pulls.stop(), pushes.stop()]));
      await routes(app, {});
      await receiver(app, {});
    };
  },
};
