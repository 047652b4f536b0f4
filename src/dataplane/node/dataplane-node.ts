/**
 * The data plane's parts of one node, built once per `NodeContext` and shared by its protocol routes, its
 * management API and its consumer worker: the node's keys, the key service (owner side), and what a recipient
 * needs to ask for keys (its signed recipient key document and its book of nonces in flight).
 */
import { createPublicKey } from 'node:crypto';
import { appendAudit } from '../../audit/store/append.ts';
import type { NodeContext } from '../../node/context.ts';
import { labelsModuleBinder, type LabelBinder } from '../format/label-binding.ts';
import { KeyRequestBook } from '../keys/key-request-book.ts';
import { publishRecipientKeys } from '../keys/recipient-keys.ts';
import { createKeyService, type KeyService } from '../service/key-service.ts';
import { policyDecision } from '../service/policy-decision.ts';
import type { AgreementLookup, AuditPort } from '../service/ports.ts';
import { loadDataPlaneMaterials, type DataPlaneMaterials } from './node-materials.ts';
import { certificateKeys, type CertificateKeys } from './peer-keys.ts';
import { protocolAgreements, type ProtocolAgreements } from './protocol-agreements.ts';

export type DataPlaneNode = {
  readonly participant: string;
  readonly materials: DataPlaneMaterials;
  readonly keys: CertificateKeys;
  readonly labelBinder: LabelBinder;
  readonly agreements: AgreementLookup;
  /** The compiled policy of an agreement view `agreements` returned (see protocol-agreements.ts). */
  readonly policyOf: ProtocolAgreements['policyOf'];
  readonly keyService: KeyService;
  readonly book: KeyRequestBook;
  readonly audit: AuditPort;
  /** This node's recipient key document, signed by its node key; re-signed before it expires. */
  recipientKeys(): Promise<string>;
};

const RECIPIENT_KEYS_VALID_SECONDS = 24 * 3600;
const built = new WeakMap<NodeContext, Promise<DataPlaneNode>>();

export function dataPlaneNode(context: NodeContext): Promise<DataPlaneNode> {
  let node = built.get(context);
  if (node === undefined) {
    node = build(context);
    built.set(context, node);
  }
  return node;
}

async function build(context: NodeContext): Promise<DataPlaneNode> {
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
  const { agreements, policyOf } = protocolAgreements(context.stores.metadata, { clock: context.clock });
  const audit: AuditPort = async (trx, entry) => {
    await appendAudit(trx, entry);
  };
  const keyService = createKeyService({
    store: context.stores.metadata,
    signingKey: materials.signingKey,
    master: materials.master,
    agreements,
    decide: policyDecision({ policyOf }),
    audit,
    labelBinder,
    participantKeys: keys.lookup,
    clock: context.clock,
  });
  let document: { text: string; renewAt: number } | undefined;
  return {
    participant,
    materials,
    keys,
    labelBinder,
    agreements,
    policyOf,
    keyService,
    book: new KeyRequestBook({ clock: context.clock }),
    audit,
    recipientKeys: async () => {
      const now = context.clock();
      if (document === undefined || document.renewAt <= now.getTime()) {
        const text = await publishRecipientKeys({
          keyPair: materials.recipient,
          signingKey: materials.signingKey,
          now,
          validSeconds: RECIPIENT_KEYS_VALID_SECONDS,
        });
        document = { text, renewAt: now.getTime() + (RECIPIENT_KEYS_VALID_SECONDS / 2) * 1000 };
      }
      return document.text;
    },
  };
}
