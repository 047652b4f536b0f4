/**
 * The compute module's services built once per node from its context and shared by its route plugins: the provider
 * (jobs and training rounds on this node's data), with the data plane node's keys, label binder and agreements
 * (one construction per node, dataplane-node.ts) and the audit log.
 */
import { appendAuditBatch } from '../../audit/store/append.ts';
import type { LabelBinder } from '../../dataplane/format/label-binding.ts';
import { dataPlaneNode } from '../../dataplane/node/dataplane-node.ts';
import type { DataPlaneMaterials } from '../../dataplane/node/node-materials.ts';
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
  const { participant, materials, labelBinder, agreements, policyOf } = await dataPlaneNode(context);
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
