/**
 * The compute module's services built once per node from its context and shared by its route plugins: the provider
 * (jobs and training rounds on this node's data), with the data plane's materials (node signing key, master key),
 * the protocol module's agreements and the audit log.
 */
import { createPublicKey } from 'node:crypto';
import { appendAuditBatch } from '../../audit/store/append.ts';
import { labelsModuleBinder, type LabelBinder } from '../../dataplane/format/label-binding.ts';
import { loadDataPlaneMaterials, type DataPlaneMaterials } from '../../dataplane/node/node-materials.ts';
import { certificateKeys } from '../../dataplane/node/peer-keys.ts';
import { protocolAgreements } from '../../dataplane/node/protocol-agreements.ts';
import { defaultPolicyRegistry } from '../../labels/index.ts';
import type { NodeContext } from '../../node/context.ts';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import { DEFAULT_LIMITS } from '../sandbox/limits.ts';
import {
  createComputeProvider,
  type ComputeProvider,
  type ProviderDeps,
} from '../provider/compute-provider.ts';
import { latestObjectOf } from '../../dataplane/service/owned-objects.ts';

export type ComputeNode = {
  readonly deps: ProviderDeps;
  readonly provider: ComputeProvider;
  readonly materials: DataPlaneMaterials;
  readonly labelBinder: LabelBinder;
  readonly audit: (entries: readonly AuditEntryInput[]) => Promise<void>;
};

const built = new WeakMap<NodeContext, Promise<ComputeNode>>();

export function computeNode(context: NodeContext): Promise<ComputeNode> {
  let node = built.get(context);
  if (node === undefined) {
    node = build(context);
    built.set(context, node);
  }
  return node;
}

async function build(context: NodeContext): Promise<ComputeNode> {
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
  const db = context.stores.metadata.db;
  const audit = async (entries: readonly AuditEntryInput[]) => {
    if (entries.length === 0) return;
    await db.transaction().execute(async (trx) => {
      await appendAuditBatch(trx, entries);
    });
  };
  const deps: ProviderDeps = {
    participant,
    agreements,
    policyOf,
    labelBinder,
    contentOf: (datasetId) => latestObjectOf(db, datasetId),
    content: { blobs: context.stores.blobs, master: materials.master },
    signingKey: materials.signingKey,
    registry: defaultPolicyRegistry,
    limits: DEFAULT_LIMITS,
    clock: context.clock,
    audit,
    maxConcurrent: 2,
  };
  return { deps, provider: createComputeProvider(deps), materials, labelBinder, audit };
}
