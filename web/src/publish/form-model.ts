/**
 * The publish form as data: what the analyst typed, the label and ODRL offer it makes, and for each field what is
 * wrong with it. Checks use the node's own rules (the label policy registry, the label shape reader and the ODRL
 * compiler from src/), so the form refuses in the browser exactly what the node would refuse.
 */
import type { ConfidentialityLabel, LabelCategory } from '../../../src/labels/label.ts';
import { RELEASABLE_TO } from '../../../src/labels/label.ts';
import { readLabelShape } from '../../../src/labels/codec/label-shape.ts';
import { defaultPolicyRegistry, isCountryValue } from '../../../src/labels/policy-registry.ts';
import { compilePolicy } from '../../../src/policy/compile-policy.ts';

export type PublishForm = {
  title: string;
  description: string;
  mediaType: string;
  policy: string;
  classification: string;
  releasableTo: string;
  communities: string;
  specialHandling: string;
  administrative: string;
  purposes: string;
  validUntil: string;
  maxUses: string;
  deleteAfterDays: string;
  noOnwardTransfer: boolean;
  logEachUse: boolean;
};

export type FormField = keyof PublishForm;
export type FieldErrors = Partial<Record<FormField, string>>;

export const EMPTY_FORM: PublishForm = {
  title: '',
  description: '',
  mediaType: 'text/csv',
  policy: 'NATO',
  classification: '',
  releasableTo: '',
  communities: '',
  specialHandling: '',
  administrative: '',
  purposes: '',
  validUntil: '',
  maxUses: '',
  deleteAfterDays: '',
  noOnwardTransfer: true,
  logEachUse: true,
};

export const list = (text: string): string[] =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

const TERM = /^[a-z][a-z0-9-]*$/;
const COI = /^[A-Z0-9][A-Z0-9-]*$/;

function checkLabelFields(form: PublishForm, errors: FieldErrors): void {
  const policy = defaultPolicyRegistry.get(form.policy);
  if (policy === undefined) {
    errors.policy = `Unknown label policy "${form.policy}"`;
    return;
  }
  if (form.classification === '') errors.classification = 'Choose a classification';
  else if (!policy.levelIndex.has(form.classification))
    errors.classification = `"${form.classification}" is not a level of the ${policy.id} policy`;
  const rel = list(form.releasableTo);
  const bad = rel.filter((v) => !isCountryValue(v, defaultPolicyRegistry));
  if (rel.length === 0) errors.releasableTo = 'Name at least one nation (e.g. FRA, DEU) or group (NATO, EU)';
  else if (bad.length > 0)
    errors.releasableTo = `${bad.map((v) => `"${v}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not an ISO 3166 alpha-3 code or a group`;
  else if (new Set(rel).size !== rel.length) errors.releasableTo = 'A nation is named twice';
  for (const field of ['communities', 'specialHandling'] as const) {
    const odd = list(form[field]).find((v) => !COI.test(v));
    if (odd !== undefined) errors[field] = `"${odd}" must be upper case letters, digits and hyphens`;
  }
}

function checkPolicyFields(form: PublishForm, errors: FieldErrors, now: Date): void {
  const purposes = list(form.purposes);
  const odd = purposes.find((p) => !TERM.test(p));
  if (purposes.length === 0) errors.purposes = 'Name at least one purpose (e.g. mission-planning)';
  else if (odd !== undefined) errors.purposes = `"${odd}" must be lower case words joined by hyphens`;
  if (form.validUntil !== '') {
    const until = Date.parse(`${form.validUntil}T23:59:59Z`);
    if (Number.isNaN(until)) errors.validUntil = 'Give a date as YYYY-MM-DD';
    else if (until <= now.getTime()) errors.validUntil = 'The end of validity must lie in the future';
  }
  for (const field of ['maxUses', 'deleteAfterDays'] as const) {
    const value = form[field];
    if (value !== '' && !/^[1-9]\d{0,5}$/.test(value)) errors[field] = 'Give a whole number from 1 to 999999';
  }
}

export function buildLabel(
  form: PublishForm,
  options: { participant: string; now: Date },
): ConfidentialityLabel {
  const categories: LabelCategory[] = [];
  const add = (tagName: string, type: LabelCategory['type'], values: string[]): void => {
    if (values.length > 0) categories.push({ tagName, type, values });
  };
  add(RELEASABLE_TO, 'PERMISSIVE', list(form.releasableTo));
  add('Community of Interest', 'RESTRICTIVE', list(form.communities));
  add('Special Handling', 'RESTRICTIVE', list(form.specialHandling));
  add('Administrative', 'INFORMATIVE', list(form.administrative));
  return {
    policy: form.policy,
    classification: form.classification,
    categories,
    originator: `urn:foedera:participant:${options.participant}`,
    creationTime: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/**
 * The usage policy as the DSP 2025-1 carries it: an ODRL Offer in compacted JSON-LD. Right operands are strings, as
 * the DSP schemas require; the ODRL compiler reads them by the left operand's datatype.
 */
export function buildOffer(
  form: PublishForm,
  options: { participant: string; id: string },
): Record<string, unknown> {
  const constraint: Record<string, unknown>[] = [
    { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: list(form.purposes) },
  ];
  if (form.validUntil !== '')
    constraint.push({
      leftOperand: 'dateTime',
      operator: 'lteq',
      rightOperand: `${form.validUntil}T23:59:59Z`,
    });
  if (form.maxUses !== '')
    constraint.push({ leftOperand: 'count', operator: 'lteq', rightOperand: String(Number(form.maxUses)) });
  if (form.noOnwardTransfer)
    constraint.push({ leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: 'true' });
  const duty: Record<string, unknown>[] = [];
  if (form.deleteAfterDays !== '')
    duty.push({
      action: 'foedera:deleteAfter',
      constraint: [
        { leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: `P${Number(form.deleteAfterDays)}D` },
      ],
    });
  if (form.logEachUse) duty.push({ action: 'foedera:logEachUse' });
  return {
    '@context': [
      'https://w3id.org/dspace/2025/1/context.jsonld',
      { foedera: 'https://w3id.org/foedera/odrl#' },
    ],
    '@id': options.id,
    '@type': 'Offer',
    profile: 'https://w3id.org/foedera/odrl',
    assigner: `urn:foedera:participant:${options.participant}`,
    permission: [{ action: 'use', constraint, ...(duty.length > 0 ? { duty } : {}) }],
    prohibition: [{ action: 'distribute' }],
  };
}

export type Validated =
  | { ok: true; label: ConfidentialityLabel; offer: Record<string, unknown> }
  | { ok: false; errors: FieldErrors };

export function validatePublish(
  form: PublishForm,
  options: { participant: string; now: Date; offerId: string },
): Validated {
  const errors: FieldErrors = {};
  if (form.title.trim().length < 3) errors.title = 'Give a title of at least 3 characters';
  else if (form.title.length > 200) errors.title = 'Keep the title under 200 characters';
  checkLabelFields(form, errors);
  checkPolicyFields(form, errors, options.now);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const label = buildLabel(form, options);
  const shape = readLabelShape(label);
  if (!shape.ok) return { ok: false, errors: { [fieldOfLabelPath(shape.field)]: shape.detail } };
  const offer = buildOffer(form, { participant: options.participant, id: options.offerId });
  const compiled = compilePolicy(offer, { strict: true });
  if (!compiled.ok) return { ok: false, errors: { purposes: compiled.detail } };
  return { ok: true, label, offer };
}

function fieldOfLabelPath(path: string): FormField {
  if (path.includes('classification')) return 'classification';
  if (path.includes('policy')) return 'policy';
  return 'releasableTo';
}

/** Media types offered in the form: the kinds of data the demo federation shares. */
export const MEDIA_TYPES: readonly { readonly value: string; readonly name: string }[] = [
  { value: 'text/csv', name: 'Table (CSV)' },
  { value: 'application/parquet', name: 'Table (Parquet)' },
  { value: 'application/json', name: 'Records (JSON)' },
  { value: 'application/geo+json', name: 'Geodata (GeoJSON)' },
  { value: 'image/tiff', name: 'Imagery (GeoTIFF)' },
  { value: 'application/zip', name: 'Archive (ZIP)' },
];

/**
 * The body of POST /v1/datasets as the catalog module reads it (src/catalog/read-dataset.ts): a DCAT dataset with
 * one pull distribution, the label, and the offer as a catalog carries it (no context, no target: the dataset is the
 * target). Ids are minted by the caller so a retried submission names the same dataset and offer.
 */
export function publishBody(
  form: PublishForm,
  options: {
    label: ConfidentialityLabel;
    offer: Record<string, unknown>;
    datasetId: string;
    offerId: string;
  },
): Record<string, unknown> {
  const { '@context': _context, assigner: _assigner, ...offer } = options.offer;
  return {
    id: options.datasetId,
    title: form.title.trim(),
    ...(form.description.trim() === '' ? {} : { description: form.description.trim() }),
    distributions: [{ format: 'HttpData-PULL', mediaType: form.mediaType }],
    offers: [{ ...offer, '@id': options.offerId }],
    label: options.label,
  };
}
