/**
 * An ODRL offer as one sentence an analyst reads before requesting access: "Use for mission-planning, until
 * 2027-12-31, at most 50 times, no onward transfer; delete within 30 days; every use is logged; no distribution."
 * Terms it does not recognise are named as they are, never dropped.
 */
type Json = Record<string, unknown>;
const obj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const term = (v: unknown): string => (typeof v === 'string' ? v.replace(/^(odrl|foedera):/, '') : '?');

function constraintText(c: unknown): string {
  if (!obj(c)) return 'unreadable constraint';
  const left = term(c.leftOperand);
  const right = c.rightOperand;
  const values = arr(right).map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '…'));
  switch (left) {
    case 'purpose':
      return `for ${values.join(', ')}`;
    case 'dateTime':
      return `${term(c.operator).startsWith('gt') ? 'from' : 'until'} ${values[0]?.slice(0, 10) ?? '?'}`;
    case 'count':
      return `at most ${values[0] ?? '?'} times`;
    case 'noOnwardTransfer':
      return 'no onward transfer';
    case 'releasableTo':
      return `only for ${values.join(', ')}`;
    case 'recipient':
      return `reserved for ${values.join(', ')}`;
    case 'elapsedTime':
      return `within ${values[0] ?? '?'}`;
    default:
      return `${left} ${term(c.operator)} ${values.join(', ')}`;
  }
}

function dutyText(d: unknown): string {
  if (!obj(d)) return 'unreadable duty';
  const action = term(d.action);
  if (action === 'logEachUse') return 'every use is logged';
  if (action === 'deleteAfter') {
    const within = arr(d.constraint).map(constraintText).join(', ');
    return `delete ${within === '' ? 'after use' : within.replace(/^within P(\d+)D$/, 'within $1 days')}`;
  }
  return action;
}

export function summariseOffer(offer: unknown): string {
  if (!obj(offer)) return 'Unreadable usage policy';
  const parts: string[] = [];
  for (const p of arr(offer.permission)) {
    if (!obj(p)) continue;
    const constraints = arr(p.constraint).map(constraintText);
    parts.push(
      [`${term(p.action) === 'use' ? 'Use' : term(p.action)}`, constraints.join(', ')]
        .filter(Boolean)
        .join(' '),
    );
    parts.push(...arr(p.duty).map(dutyText));
  }
  for (const p of arr(offer.prohibition))
    if (obj(p)) parts.push(`no ${term(p.action) === 'distribute' ? 'distribution' : term(p.action)}`);
  return parts.length === 0 ? 'No permission offered' : `${parts.join('; ')}.`;
}
