/**
 * The Dataspace Protocol in the node: the DSP endpoints peers call (`/dsp`), the version document at the root of
 * the protocol surface, and the management API for negotiations, agreements and transfers (`/v1`). The calling
 * participant is the one its mutual-TLS certificate names; the acting user is the token's subject.
 */
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { peerEndpoint } from '../../catalog/store/peer-cache-repository.ts';
import { peerOf, userOf } from '../../http/request-guards.ts';
import { dspRoutes } from '../http/dsp-routes.ts';
import { protocolManagementRoutes } from '../http/management-routes.ts';
import { dspVersionRoute } from '../http/version-route.ts';
import { peerCertificatePem } from './peer-certificate.ts';
import { DSP_PATH, protocolRuntime } from './runtime.ts';

export const dspProtocolRoutes: RoutePlugin = {
  name: 'dsp',
  surface: 'protocol',
  prefix: DSP_PATH,
  create: (context) => {
    const runtime = protocolRuntime(context);
    const plugin = dspRoutes({
      protocol: runtime.deps,
      participantOf: (request) => peerOf(request).participantId,
      peerEvidence: (request) => ({
        country: peerOf(request).countryAlpha3,
        certificate: () => peerCertificatePem(request),
      }),
      kick: runtime.workers.kick,
      transferStepped: runtime.transferStepped,
    });
    return async (app) => {
      runtime.listenOn(app.server);
      app.addHook('onClose', async () => runtime.workers.stop());
      await plugin(app, {});
    };
  },
};

export const dspVersionRoutes: RoutePlugin = {
  name: 'dsp-version',
  surface: 'protocol',
  prefix: '',
  create: () => dspVersionRoute({ dspPath: DSP_PATH }),
};

export const protocolManagementApi: RoutePlugin = {
  name: 'negotiations-and-transfers',
  surface: 'management',
  prefix: '/v1',
  create: (context) => {
    const runtime = protocolRuntime(context);
    return protocolManagementRoutes({
      protocol: runtime.deps,
      actorOf: (request) => userOf(request).subject,
      kick: runtime.workers.kick,
      transferStepped: runtime.transferStepped,
      requestAddressFor: runtime.requestAddressFor,
      providerAddressOf: (provider) => peerEndpoint(context.stores.metadata.db, provider),
    });
  },
};
