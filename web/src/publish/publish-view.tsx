/**
 * Publish a dataset with its confidentiality label and usage policy. Every field is checked as it is typed with the
 * node's own label and ODRL rules; the label being built is shown as the banner readers will see.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { defaultPolicyRegistry } from '../../../src/labels/policy-registry.ts';
import type { Capabilities } from '../api/capabilities.ts';
import { serves } from '../api/capabilities.ts';
import { requestJson } from '../api/client.ts';
import type { Me } from '../identity/me.ts';
import { Labelled, LabelDetails } from '../labels/label-banner.tsx';
import { NotServed } from '../shell/not-served.tsx';
import { summariseOffer } from '../catalog/offer-summary.ts';
import { Field } from './field.tsx';
import {
  buildLabel,
  buildOffer,
  EMPTY_FORM,
  MEDIA_TYPES,
  publishBody,
  validatePublish,
  type FormField,
  type PublishForm,
} from './form-model.ts';

const PUBLISH = 'POST /v1/datasets';

export function PublishView(props: { me: Me; token: string; capabilities: Capabilities }) {
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | undefined>();
  // Minted once per form, so that submitting again after a lost answer names the same dataset and offer.
  const ids = useMemo(
    () => ({ dataset: `urn:uuid:${crypto.randomUUID()}`, offer: `urn:uuid:${crypto.randomUUID()}` }),
    [],
  );
  const [form, setForm] = useState<PublishForm>(EMPTY_FORM);
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const now = useMemo(() => new Date(), []);
  const participant = props.me.participant;
  const verdict = validatePublish(form, { participant, now, offerId: 'urn:uuid:offer-draft' });
  const errorOf = (field: FormField): string | undefined =>
    !verdict.ok && (submitted || touched.has(field)) ? verdict.errors[field] : undefined;
  const policy = defaultPolicyRegistry.get(form.policy);
  const preview = form.classification === '' ? undefined : buildLabel(form, { participant, now });

  function set<K extends FormField>(field: K, value: PublishForm[K]): void {
    setForm((f) => ({ ...f, [field]: value, ...(field === 'policy' ? { classification: '' } : {}) }));
    setTouched((t) => new Set(t).add(field));
  }
  function text(field: Exclude<FormField, 'noOnwardTransfer' | 'logEachUse'>) {
    return (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => (
      <input
        id={ids.id}
        name={field}
        value={form[field]}
        aria-invalid={ids.invalid}
        aria-describedby={ids.describedBy}
        onChange={(e) => set(field, e.target.value)}
      />
    );
  }
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSubmitted(true);
    setOutcome(undefined);
    if (!verdict.ok) {
      const first = Object.keys(verdict.errors)[0];
      document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    if (!serves(props.capabilities, PUBLISH)) return;
    const result = await requestJson(props.token, {
      method: 'POST',
      path: '/v1/datasets',
      body: publishBody(form, {
        label: verdict.label,
        offer: verdict.offer,
        datasetId: ids.dataset,
        offerId: ids.offer,
      }),
    });
    setOutcome(
      result.ok
        ? {
            ok: true,
            message: `Published "${form.title.trim()}": it is in the catalog of every participant it is releasable to`,
          }
        : { ok: false, message: result.message },
    );
  }

  return (
    <section aria-labelledby="publish-title">
      <h1 id="publish-title" tabIndex={-1}>
        Publish a dataset
      </h1>
      <form className="publish" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>Dataset</legend>
          <Field label="Title" error={errorOf('title')}>
            {text('title')}
          </Field>
          <Field
            label="Description"
            hint="What the data is, how it was collected, its coverage"
            error={errorOf('description')}
          >
            {(ids) => (
              <textarea
                id={ids.id}
                name="description"
                rows={3}
                value={form.description}
                aria-describedby={ids.describedBy}
                onChange={(e) => set('description', e.target.value)}
              />
            )}
          </Field>
          <Field label="Kind of data" error={errorOf('mediaType')}>
            {(ids) => (
              <select
                id={ids.id}
                name="mediaType"
                value={form.mediaType}
                aria-describedby={ids.describedBy}
                onChange={(e) => set('mediaType', e.target.value)}
              >
                {MEDIA_TYPES.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>

        <fieldset>
          <legend>Confidentiality label</legend>
          <div className="row">
            <Field label="Label policy" error={errorOf('policy')}>
              {(ids) => (
                <select
                  id={ids.id}
                  name="policy"
                  value={form.policy}
                  aria-describedby={ids.describedBy}
                  onChange={(e) => set('policy', e.target.value)}
                >
                  {defaultPolicyRegistry.policies.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.id} — {p.definition.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Classification" error={errorOf('classification')}>
              {(ids) => (
                <select
                  id={ids.id}
                  name="classification"
                  value={form.classification}
                  aria-invalid={ids.invalid}
                  aria-describedby={ids.describedBy}
                  onChange={(e) => set('classification', e.target.value)}
                >
                  <option value="">Choose…</option>
                  {policy?.levels.map((l) => (
                    <option key={l.name} value={l.name}>
                      {l.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field
            label="Releasable to"
            hint="ISO 3166 alpha-3 codes or groups, comma separated: FRA, DEU, NATO"
            error={errorOf('releasableTo')}
          >
            {text('releasableTo')}
          </Field>
          <div className="row">
            <Field
              label="Communities of interest"
              hint="Readers must belong to every one (restrictive)"
              error={errorOf('communities')}
            >
              {text('communities')}
            </Field>
            <Field
              label="Special handling"
              hint="Restrictive caveats, e.g. CRYPTO"
              error={errorOf('specialHandling')}
            >
              {text('specialHandling')}
            </Field>
          </div>
          <Field
            label="Administrative notes"
            hint="Informative only; never decides access"
            error={errorOf('administrative')}
          >
            {text('administrative')}
          </Field>
        </fieldset>

        <fieldset>
          <legend>Usage policy (ODRL offer)</legend>
          <Field
            label="Permitted purposes"
            hint="Comma separated, e.g. mission-planning, model-training"
            error={errorOf('purposes')}
          >
            {text('purposes')}
          </Field>
          <div className="row">
            <Field label="Valid until" hint="YYYY-MM-DD, optional" error={errorOf('validUntil')}>
              {(ids) => (
                <input
                  id={ids.id}
                  name="validUntil"
                  type="date"
                  value={form.validUntil}
                  aria-invalid={ids.invalid}
                  aria-describedby={ids.describedBy}
                  onChange={(e) => set('validUntil', e.target.value)}
                />
              )}
            </Field>
            <Field label="Maximum uses" hint="Optional" error={errorOf('maxUses')}>
              {text('maxUses')}
            </Field>
            <Field label="Delete after (days)" hint="Optional duty" error={errorOf('deleteAfterDays')}>
              {text('deleteAfterDays')}
            </Field>
          </div>
          <div className="checks">
            <label>
              <input
                type="checkbox"
                name="noOnwardTransfer"
                checked={form.noOnwardTransfer}
                onChange={(e) => set('noOnwardTransfer', e.target.checked)}
              />{' '}
              No onward transfer
            </label>
            <label>
              <input
                type="checkbox"
                name="logEachUse"
                checked={form.logEachUse}
                onChange={(e) => set('logEachUse', e.target.checked)}
              />{' '}
              Log each use
            </label>
          </div>
        </fieldset>

        <section aria-labelledby="preview-title" className="preview">
          <h2 id="preview-title">How readers will see it</h2>
          {preview === undefined ? (
            <p className="hint">Choose a classification to see the label banner.</p>
          ) : (
            <Labelled label={preview} as="section">
              <h3>{form.title === '' ? 'Untitled dataset' : form.title}</h3>
              <LabelDetails label={preview} />
              <p className="policy-summary">
                {summariseOffer(buildOffer(form, { participant, id: 'urn:uuid:preview' }))}
              </p>
            </Labelled>
          )}
        </section>

        {submitted && !verdict.ok && (
          <p className="notice notice-error" role="alert">
            {Object.keys(verdict.errors).length} field
            {Object.keys(verdict.errors).length === 1 ? ' needs' : 's need'} attention.
          </p>
        )}
        {submitted && verdict.ok && !serves(props.capabilities, PUBLISH) && (
          <NotServed what="publishing" operations={[PUBLISH]} />
        )}
        {outcome !== undefined && (
          <p
            className={`notice ${outcome.ok ? 'notice-info' : 'notice-error'}`}
            role={outcome.ok ? 'status' : 'alert'}
          >
            {outcome.message}
          </p>
        )}
        <button type="submit">Publish</button>
      </form>
    </section>
  );
}
