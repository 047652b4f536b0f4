/** An ODRL offer in one line a reader can check: actions permitted and their constraints, prohibitions after. */
import type { CatalogOffer, Constraint, Rule } from '../../protocol/messages/odrl.ts';

function operand(value: unknown): string {
  if (Array.isArray(value)) return value.map(operand).join(', ');
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    return String(v['@value'] ?? v['@id'] ?? JSON.stringify(value));
  }
  return String(value);
}

function constraintText(c: Constraint): string {
  if ('leftOperand' in c) {
    const right = operand(c.rightOperand);
    const left = c.leftOperand.replace(/^(odrl|foedera):/, '');
    if (left === 'purpose' && c.operator === 'eq') return `purpose ${right}`;
    if (left === 'dateTime' && (c.operator === 'lteq' || c.operator === 'lt')) return `until ${right}`;
    if (left === 'dateTime' && (c.operator === 'gteq' || c.operator === 'gt')) return `from ${right}`;
    if (left === 'count' && c.operator === 'lteq') return `at most ${right} uses`;
    if (left === 'noOnwardTransfer') return 'no onward transfer';
    return `${left} ${c.operator} ${right}`;
  }
  const [kind, parts] = Object.entries(c)[0] ?? ['and', []];
  return `(${(parts as Constraint[]).map(constraintText).join(` ${kind} `)})`;
}

function ruleText(rule: Rule): string {
  const constraints = (rule.constraint ?? []).map(constraintText);
  return constraints.length === 0 ? rule.action : `${rule.action} (${constraints.join(', ')})`;
}

export function offerSummary(offer: Pick<CatalogOffer, 'permission' | 'prohibition' | 'obligation'>): string {
  const parts = [
    ...(offer.permission ?? []).map((r) => `may ${ruleText(r)}`),
    ...(offer.prohibition ?? []).map((r) => `must not ${ruleText(r)}`),
    ...(offer.obligation ?? []).map((r) => `must ${ruleText(r)}`),
  ];
  return parts.length === 0 ? 'no rules' : parts.join('; ');
}
