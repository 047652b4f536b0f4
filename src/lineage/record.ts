/**
 * Recording versions and derivations in the metadata store, each with its audit entry in the same transaction.
 *
 * - `recordVersion`: a primary version of an artefact (a dataset as published). Same content, same id: recording it
 *   again changes nothing. A new content becomes the artefact's latest version; earlier ones stay readable.
 * - `recordDerived`: a derived artefact (cleaned or merged dataset, trained model, job output) with its inputs and
 *   the activity that made it. Its label and usage policy are computed from the inputs (see derive.ts); a declared
 *   label or policy weaker than the inputs' is refused, and the refusal is audited too. A refusal is a value:
 *   callers commit the transaction (so the audit entry stays) and then answer the refusal.
 * - `deriveArtefact`: `recordDerived` in a transaction of its own.
 */
import type { Transaction } from 'kysely';
import { appendAudit } from '../audit/store/append.ts';
import { defaultPolicyRegistry, type ConfidentialityLabel, type PolicyRegistry } from '../labels/index.ts';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Database } from '../store/metadata/database.ts';
import type { MetadataStore } from '../store/metadata/port.ts';
import { participantUri } from '../trust/participant-identity.ts';
import { labelText, planDerivation, type DerivationInput, type DerivationReason } from './derive.ts';
import type {
  ActivityInput,
  ArtefactKind,
  JsonObject,
  LineageInput,
  StoredVersion,
  VersionContent,
} from './model.ts';
import { getVersion, insertActivity, insertVersion, latestVersion } from './store/version-repository.ts';
import type { UsageConstraints } from './usage.ts';
import { isVersionId, versionIdOf } from './version-id.ts';

type Trx = Transaction<Database>;

export type RecordContext = {
  /** This node's participant id, e.g. "FRA". */
  readonly node: string;
  /** Who acts, as the audit log names actors, e.g. "user:alice". */
  readonly actor: string;
  readonly now: Date;
};

export type RecordedVersion = { readonly version: StoredVersion; readonly created: boolean };

/** Records a primary version; `content.derivedFrom` must be empty (derivations go through `recordDerived`). */
export async function recordVersion(
  trx: Trx,
  options: RecordContext & { content: VersionContent },
): Promise<RecordedVersion> {
  const { content } = options;
  const id = versionIdOf(content);
  const existing = await getVersion(trx, id);
  if (existing !== undefined) return { version: existing, created: false };
  const previous = await latestVersion(trx, content.artefact);
  const version = {
    id,
    artefact: content.artefact,
    kind: content.kind,
    title: content.title,
    participant: options.node,
    local: true,
    content: content as unknown as JsonObject,
    label: content.label,
    policies: content.policies,
    ...(content.activity === undefined ? {} : { activity: content.activity }),
    ...(previous === undefined ? {} : { previous: previous.id }),
  };
  if (!(await insertVersion(trx, { ...version, recordedAt: options.now }))) {
    // Another transaction recorded the same content meanwhile: it is the same version.
    const raced = await getVersion(trx, id);
    if (raced !== undefined) return { version: raced, created: false };
  }
  await appendAudit(trx, {
    time: options.now.toISOString(),
    node: options.node,
    kind: 'dataset.version',
    actor: options.actor,
    subject: `${content.kind}:${content.artefact}`,
    details: {
      version: id,
      ...(previous === undefined ? {} : { previous: previous.id }),
      label: labelText(content.label),
      derivedFrom: [...content.derivedFrom],
    },
  });
  return { version: { ...version, recordedAt: options.now.toISOString() }, created: true };
}

export type DerivedArtefact = {
  /** The artefact's IRI, e.g. "urn:uuid:…" (a new one, or an existing one to add a version to). */
  readonly artefact: string;
  readonly kind: ArtefactKind;
  readonly title: string;
  readonly dataDigest?: string;
  readonly metadata?: JsonObject;
  /** A label the publisher wants; refused when it does not dominate every input's. Default: the high-water mark. */
  readonly label?: ConfidentialityLabel;
  /** Policies the publisher wants; refused when weaker than the inputs'. Default: one offer of the intersection. */
  readonly policies?: readonly CatalogOffer[];
  readonly inputs: readonly LineageInput[];
  readonly activity: ActivityInput;
};

export type Derivation = {
  readonly version: StoredVersion;
  readonly created: boolean;
  readonly activity: string;
  readonly label: ConfidentialityLabel;
  readonly highWaterMark: ConfidentialityLabel;
  readonly usage: UsageConstraints;
  readonly policies: readonly CatalogOffer[];
};

export type RecordDerivedReason = DerivationReason | 'unknown-input' | 'invalid-input';

async function resolveInput(
  trx: Trx,
  input: LineageInput,
  now: Date,
): Promise<Result<DerivationInput, 'unknown-input' | 'invalid-input'>> {
  if ('version' in input) {
    const found = await getVersion(trx, input.version);
    if (found === undefined)
      return err(
        'unknown-input',
        `Cannot derive from version "${input.version}": this node has no such version`,
      );
    return ok({ version: found.id, label: found.label, policies: found.policies });
  }
  const ext = input.external;
  if (ext.version !== undefined && !isVersionId(ext.version))
    return err(
      'invalid-input',
      `Cannot derive from "${ext.artefact}": version "${ext.version}" is not sha256:<hex>`,
    );
  const reference = {
    artefact: ext.artefact,
    participant: ext.participant,
    label: ext.label,
    policies: ext.policies,
    ...(ext.version === undefined ? {} : { heldVersion: ext.version }),
  };
  const id = ext.version ?? versionIdOf(reference);
  await insertVersion(trx, {
    id,
    artefact: ext.artefact,
    kind: 'dataset',
    title: ext.title ?? ext.artefact,
    participant: ext.participant,
    local: false,
    content: reference as unknown as JsonObject,
    label: ext.label,
    policies: ext.policies,
    recordedAt: now,
  });
  return ok({ version: id, label: ext.label, policies: ext.policies });
}

export async function recordDerived(
  trx: Trx,
  options: RecordContext & { derived: DerivedArtefact; registry?: PolicyRegistry },
): Promise<Result<Derivation, RecordDerivedReason>> {
  const { derived, node } = options;
  const registry = options.registry ?? defaultPolicyRegistry;
  const subject = `${derived.kind}:${derived.artefact}`;
  const refuse = async <R extends RecordDerivedReason>(reason: R, detail: string) => {
    await appendAudit(trx, {
      time: options.now.toISOString(),
      node,
      kind: 'dataset.derivation-refused',
      actor: options.actor,
      subject,
      details: { reason, detail },
    });
    return err(reason, detail);
  };
  const { activity } = derived;
  if (!(activity.endedAt.getTime() >= activity.startedAt.getTime()))
    return refuse('invalid-input', 'Cannot record the activity: it ends before it starts');

  const inputs: DerivationInput[] = [];
  for (const input of derived.inputs) {
    const resolved = await resolveInput(trx, input, options.now);
    if (!resolved.ok) return refuse(resolved.reason, resolved.detail);
    inputs.push(resolved.value);
  }
  const used = [...new Set(inputs.map((i) => i.version))].sort();
  const activityDescription = {
    type: activity.type,
    startedAt: activity.startedAt.toISOString(),
    endedAt: activity.endedAt.toISOString(),
    agent: activity.agent,
    participant: node,
    details: activity.details ?? {},
    used,
  };
  const activityId = `urn:foedera:activity:${versionIdOf(activityDescription).slice('sha256:'.length)}`;
  const plan = planDerivation({
    inputs,
    declared: {
      ...(derived.label === undefined ? {} : { label: derived.label }),
      ...(derived.policies === undefined ? {} : { policies: derived.policies }),
    },
    registry,
    originator: participantUri(node),
    at: activity.endedAt,
    offerId: `${derived.artefact}#offer-${activityId.slice(-16)}`,
  });
  if (!plan.ok) return refuse(plan.reason, plan.detail);

  await insertActivity(trx, {
    id: activityId,
    type: activity.type,
    startedAt: activity.startedAt,
    endedAt: activity.endedAt,
    agent: activity.agent,
    participant: node,
    details: activity.details ?? {},
    used,
  });
  const content: VersionContent = {
    artefact: derived.artefact,
    kind: derived.kind,
    title: derived.title,
    ...(derived.dataDigest === undefined ? {} : { dataDigest: derived.dataDigest }),
    metadata: derived.metadata ?? {},
    label: plan.value.label,
    policies: plan.value.policies,
    derivedFrom: used,
    activity: activityId,
  };
  const recorded = await recordVersion(trx, { ...options, content });
  await appendAudit(trx, {
    time: options.now.toISOString(),
    node,
    kind: 'dataset.derived',
    actor: options.actor,
    subject,
    details: {
      version: recorded.version.id,
      activity: activityId,
      activityType: activity.type,
      used,
      label: labelText(plan.value.label),
      highWaterMark: labelText(plan.value.highWaterMark),
    },
  });
  return ok({
    version: recorded.version,
    created: recorded.created,
    activity: activityId,
    label: plan.value.label,
    highWaterMark: plan.value.highWaterMark,
    usage: plan.value.usage,
    policies: plan.value.policies,
  });
}

/** `recordDerived` in its own transaction; a refusal still commits its audit entry. */
export function deriveArtefact(
  store: MetadataStore,
  options: RecordContext & { derived: DerivedArtefact; registry?: PolicyRegistry },
): Promise<Result<Derivation, RecordDerivedReason>> {
  return store.transaction((trx) => recordDerived(trx, options));
}
