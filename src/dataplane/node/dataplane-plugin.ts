/**
 * The data plane on the node's protocol surface (`/dataplane`, behind mutual TLS): the transfer routes with the
 * owner's key service, built from the node's context. Agreements come from the protocol module's tables, decisions
 * from the policy decision point on the agreement's compiled policy, audit entries go to the node's audit log.
 */
import { createPublicKey } from 'node:crypto';
import { appendAudit } from '../../audit/store/append.ts';
import { peerOf } from '../../http/request-guards.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { labelsModuleBinder } from '../format/label-binding.ts';
import { createKeyService } from '../service/key-service.ts';
import { policyDecision } from '../service/policy-decision.ts';
import { DATAPLANE_REASONS } from '../transfer/reasons.ts';
import { transferRoutes } from '../transfer/routes.ts';
import { loadDataPlaneMaterials } from './node-materials.ts';
import { certificateKeys } from './peer-keys.ts';
import { protocolAgreements } from './protocol-agreements.ts';

export const DATAPLANE_PATH = '/dataplane';

export const dataPlaneRoutes: RoutePlugin = {
  name: 'dataplane',
  surface: 'protocol',
  prefix: DATAPLANE_PATH,
  reasons: DATAPLANE_REASONS,
  create: async (context) => {
    const materials = await loadDataPlaneMaterials(context);
    const participant = context.identity.participantId;
    const keys = certificateKeys({
      own: {
        participant,
        kid: materials.signingKey.kid,
        publicKey: createPublicKey(materials.signingKey.privateKey),
      },
      isRevoked: (serial) => context.revocation.isRevoked(serial),
    });
    const labelBinder = labelsModuleBinder({ signingKey: materials.signingKey, lookup: keys.lookup });
    const { agreements, policyOf } = protocolAgreements(context.stores.metadata);
    const keyService = createKeyService({
      store: context.stores.metadata,
      signingKey: materials.signingKey,
      master: materials.master,
      agreements,
      decide: policyDecision({ policyOf }),
      audit: async (trx, entry) => {
        await appendAudit(trx, entry);
      },
      labelBinder,
      participantKeys: keys.lookup,
      clock: context.clock,
    });
    return transferRoutes({
      participant,
      store: context.stores.metadata,
      blobs: context.stores.blobs,
      agreements,
      keyService,
      manifestCheck: { lookup: keys.lookup, labelBinder },
      clock: context.clock,
      peerOf: (request) => {
        const peer = peerOf(request);
        keys.remember(request, peer);
        return { id: peer.participantId, country: peer.countryAlpha3 };
      },
    });
  },
};
