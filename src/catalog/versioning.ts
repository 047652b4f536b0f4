/**
 * Publishing a catalog dataset as a version: a primary dataset becomes a content-addressed version of itself; a
 * derived one (with a `derivation`) is recorded with its inputs and activity and receives their high-water mark and
 * usage intersection, unless it declares a label or offers that are at least as strong. The catalog row, the
 * version and the audit entries are written in the caller's transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  getVersion,
  latestVersion,
  planDerivation,
  recordDerived,
  recordVersion,
  type DerivationInput,
  type DerivationPlan,
  type LineageInput,
  type RecordContext,
  type RecordDerivedReason,
  type VersionContent,
} from '../lineage/index.ts';
import type { ReadDerivation, ReadInput } from '../lineage/read-derivation.ts';
import { defaultPolicyRegistry } from '../labels/index.ts';
import type { StoredActivity } from '../lineage/model.ts';
import { getActivities } from '../lineage/store/version-repository.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Database } from '../store/metadata/database.ts';
import { participantUri } from '../trust/participant-identity.ts';
import type { CatalogDataset } from './dataset.ts';
import { putDataset } from './store/dataset-repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What a dataset version commits to: everything but times, binding and the node-set lineage fields. */
export function datasetContent(dataset: CatalogDataset): VersionContent {
  return {
    artefact: dataset.id,
    kind: 'dataset',
    title: dataset.title,
    ...(dataset.dataDigest === undefined ? {} : { dataDigest: dataset.dataDigest }),
    metadata: JSON.parse(
      JSON.stringify({
        publisher: dataset.publisher,
        description: dataset.description ?? null,
        keywords: dataset.keywords,
        distributions: dataset.distributions,
        card: dataset.card ?? null,
      }),
    ) as VersionContent['metadata'],
    label: dataset.label,
    policies: dataset.offers,
    derivedFrom: [],
  };
}

/** Resolves `{ dataset }` inputs to the latest version this node holds of that dataset. */
export async function resolveInputs(
  db: Db,
  inputs: readonly ReadInput[],
): Promise<Result<LineageInput[], 'unknown-input'>> {
  const out: LineageInput[] = [];
  for (const input of inputs) {
    if (!('dataset' in input)) {
      out.push(input);
      continue;
    }
    const latest = await latestVersion(db, input.dataset);
    if (latest === undefined)
      return err(
        'unknown-input',
        `Cannot derive from dataset "${input.dataset}": it has no version on this node`,
      );
    out.push({ version: latest.id });
  }
  return ok(out);
}

/**
 * What a derived dataset will carry, read-only (for filling a label or offers the publisher left out before the
 * dataset is validated). The transaction that records it computes and checks the same again.
 */
export async function previewDerivation(
  db: Db,
  options: { inputs: readonly LineageInput[]; node: string; at: Date; artefact: string },
): Promise<Result<DerivationPlan, RecordDerivedReason>> {
  const inputs: DerivationInput[] = [];
  for (const input of options.inputs) {
    if ('version' in input) {
      const found = await getVersion(db, input.version);
      if (found === undefined)
        return err(
          'unknown-input',
          `Cannot derive from version "${input.version}": this node has no such version`,
        );
      inputs.push({ version: found.id, label: found.label, policies: found.policies });
    } else {
      inputs.push({ version: input.external.version ?? input.external.artefact, ...input.external });
    }
  }
  return planDerivation({
    inputs,
    registry: defaultPolicyRegistry,
    originator: participantUri(options.node),
    at: options.at,
    offerId: `${options.artefact}#offer`,
  });
}

/** The derivation that made the current version of a derived dataset, to carry over when it is replaced. */
export async function currentDerivation(
  db: Db,
  dataset: CatalogDataset,
): Promise<ReadDerivation | undefined> {
  if (dataset.version === undefined || (dataset.derivedFrom ?? []).length === 0) return undefined;
  const version = await getVersion(db, dataset.version);
  if (version?.activity === undefined) return undefined;
  const [activity]: StoredActivity[] = await getActivities(db, [version.activity]);
  if (activity === undefined) return undefined;
  return {
    inputs: activity.used.map((id) => ({ version: id })),
    activity: {
      type: activity.type,
      startedAt: new Date(activity.startedAt),
      endedAt: new Date(activity.endedAt),
      agent: activity.agent,
      details: activity.details,
    },
  };
}

/**
 * Records the dataset's version (derived when `derivation` is given), then stores the dataset with its version id
 * and inputs. `seal` makes the label binding over the final metadata (version included).
 */
export async function publishVersion(
  trx: Transaction<Database>,
  options: RecordContext & {
    dataset: CatalogDataset;
    derivation?: { inputs: readonly LineageInput[]; activity: ReadDerivation['activity'] };
    /** Whether the publisher stated the label and offers (else the derivation's are used). */
    declared: { label: boolean; offers: boolean };
    seal: (dataset: CatalogDataset) => Promise<CatalogDataset>;
  },
): Promise<Result<CatalogDataset, RecordDerivedReason>> {
  const { dataset, derivation } = options;
  const { version: _v, derivedFrom: _d, labelBinding: _b, ...plain } = dataset;
  let stored: CatalogDataset;
  if (derivation === undefined) {
    const recorded = await recordVersion(trx, { ...options, content: datasetContent(plain) });
    stored = { ...plain, version: recorded.version.id };
  } else {
    const content = datasetContent(plain);
    const made = await recordDerived(trx, {
      ...options,
      derived: {
        artefact: dataset.id,
        kind: 'dataset',
        title: dataset.title,
        ...(dataset.dataDigest === undefined ? {} : { dataDigest: dataset.dataDigest }),
        metadata: content.metadata,
        ...(options.declared.label ? { label: dataset.label } : {}),
        ...(options.declared.offers ? { policies: dataset.offers } : {}),
        inputs: derivation.inputs,
        activity: derivation.activity,
      },
    });
    if (!made.ok) return made;
    stored = {
      ...plain,
      label: made.value.label,
      offers: [...made.value.policies],
      version: made.value.version.id,
      derivedFrom: [...(made.value.version.content as VersionContent).derivedFrom],
    };
  }
  // A binding the publisher brought covers what it signed; a node binding is made over the final metadata.
  const sealed =
    dataset.labelBinding === undefined
      ? await options.seal(stored)
      : { ...stored, labelBinding: dataset.labelBinding };
  await putDataset(trx, sealed);
  return ok(sealed);
}
