/**
 * A labelled thing framed the way classified material is: a coloured band with the marking above and below, and the
 * label's full detail (policy, categories by type, originator, creation time) in between with the content.
 */
import type { ReactNode } from 'react';
import type { ConfidentialityLabel } from '../../../src/labels/label.ts';
import { defaultPolicyRegistry } from '../../../src/labels/policy-registry.ts';
import { bandTone, bannerText, participantName } from './marking.ts';

export function LabelBand(props: { label: ConfidentialityLabel; position: 'top' | 'bottom' }) {
  const text = bannerText(props.label);
  return (
    <div
      className={`band band-${bandTone(props.label, defaultPolicyRegistry)} band-${props.position}`}
      role={props.position === 'top' ? 'note' : undefined}
      aria-label={props.position === 'top' ? `Confidentiality label: ${text}` : undefined}
      aria-hidden={props.position === 'bottom' ? true : undefined}
      data-testid={`label-band-${props.position}`}
    >
      {text}
    </div>
  );
}

export function LabelDetails(props: { label: ConfidentialityLabel }) {
  const { label } = props;
  return (
    <dl className="label-details">
      <div>
        <dt>Policy</dt>
        <dd>{label.policy}</dd>
      </div>
      <div>
        <dt>Classification</dt>
        <dd>{label.classification}</dd>
      </div>
      {label.categories.map((category) => (
        <div key={category.tagName}>
          <dt>
            {category.tagName} <span className="category-type">{category.type.toLowerCase()}</span>
          </dt>
          <dd>{category.values.join(', ')}</dd>
        </div>
      ))}
      <div>
        <dt>Originator</dt>
        <dd title={label.originator}>{participantName(label.originator)}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <time dateTime={label.creationTime}>
            {label.creationTime.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')}
          </time>
        </dd>
      </div>
    </dl>
  );
}

export function Labelled(props: {
  label: ConfidentialityLabel;
  children: ReactNode;
  as?: 'article' | 'section';
}) {
  const Tag = props.as ?? 'article';
  return (
    <Tag className="labelled">
      <LabelBand label={props.label} position="top" />
      <div className="labelled-body">{props.children}</div>
      <LabelBand label={props.label} position="bottom" />
    </Tag>
  );
}
