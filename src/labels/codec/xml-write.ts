/** Writes a label in the STANAG 4774 (ADatP-4774) XML syntax; the output is deterministic for a given label. */
import type { ConfidentialityLabel } from '../label.ts';
import { ELEMENT, FOEDERA_LABELS_NS, ORIGINATOR_ID_TYPE, SLAB_NS } from './xml-names.ts';

const escapeText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

function element(name: string, text: string, attributes = ''): string {
  return `<slab:${name}${attributes}>${escapeText(text)}</slab:${name}>`;
}

function writeLabel(
  label: ConfidentialityLabel,
  options: { name: string; indent: string; declare: boolean },
): string {
  const { indent } = options;
  const lines: string[] = [];
  const xmlns = options.declare ? ` xmlns:slab="${SLAB_NS}"` : '';
  lines.push(`${indent}<slab:${options.name}${xmlns}>`);
  lines.push(`${indent}  <slab:${ELEMENT.information}>`);
  lines.push(`${indent}    ${element(ELEMENT.policy, label.policy)}`);
  lines.push(`${indent}    ${element(ELEMENT.classification, label.classification)}`);
  if (label.privacyMark !== undefined)
    lines.push(`${indent}    ${element(ELEMENT.privacyMark, label.privacyMark)}`);
  for (const category of label.categories) {
    const attributes = ` TagName="${escapeAttribute(category.tagName)}" Type="${category.type}"`;
    if (category.values.length === 0) {
      lines.push(`${indent}    <slab:${ELEMENT.category}${attributes}/>`);
      continue;
    }
    lines.push(`${indent}    <slab:${ELEMENT.category}${attributes}>`);
    for (const value of category.values) lines.push(`${indent}      ${element(ELEMENT.value, value)}`);
    lines.push(`${indent}    </slab:${ELEMENT.category}>`);
  }
  lines.push(`${indent}  </slab:${ELEMENT.information}>`);
  lines.push(
    `${indent}  ${element(ELEMENT.originatorId, label.originator, ` IDType="${ORIGINATOR_ID_TYPE}"`)}`,
  );
  lines.push(`${indent}  ${element(ELEMENT.creation, label.creationTime)}`);
  lines.push(`${indent}</slab:${options.name}>`);
  return lines.join('\n');
}

export function labelToXml(label: ConfidentialityLabel): string {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
  const alternatives = label.alternatives ?? [];
  if (alternatives.length === 0) {
    return `${declaration}\n${writeLabel(label, { name: ELEMENT.originator, indent: '', declare: true })}\n`;
  }
  const body = [
    writeLabel(label, { name: ELEMENT.originator, indent: '  ', declare: false }),
    ...alternatives.map((alternative) =>
      writeLabel(alternative, { name: ELEMENT.alternative, indent: '  ', declare: false }),
    ),
  ];
  return (
    `${declaration}\n<foedera:${ELEMENT.wrapper} xmlns:foedera="${FOEDERA_LABELS_NS}" xmlns:slab="${SLAB_NS}">\n` +
    `${body.join('\n')}\n</foedera:${ELEMENT.wrapper}>\n`
  );
}
