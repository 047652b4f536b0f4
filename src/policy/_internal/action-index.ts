/**
 * For each action a request may name, the rules that bear on it, found once at compile time: the permissions and the
 * prohibitions whose action covers it (prohibiting `use` forbids `read`). A request names the action it is about to
 * perform: a permit to `use` while `distribute` is prohibited does not let the holder distribute, since distributing
 * is asked for, and refused, as `distribute`.
 */
import { FOEDERA_ODRL, ODRL } from '../namespaces.ts';
import type { PolicyOutcome } from '../compile-policy.ts';
import { ACTIONS, actionCovers } from '../vocabulary.ts';
import type { Check } from './truth.ts';

export type CompiledRule = {
  readonly kind: 'permission' | 'prohibition';
  readonly path: string;
  readonly action: string;
  readonly check: Check;
  /** The answer returned, shared and frozen, when this permission grants the request. */
  readonly granted: Extract<PolicyOutcome, { permitted: true }>;
};

export type ActionEntry = {
  readonly action: string;
  readonly permissions: readonly CompiledRule[];
  readonly prohibitions: readonly CompiledRule[];
};

export type ActionIndex = ReadonlyMap<string, ActionEntry>;

export function actionIndex(rules: {
  permissions: readonly CompiledRule[];
  prohibitions: readonly CompiledRule[];
}): ActionIndex {
  const index = new Map<string, ActionEntry>();
  for (const action of ACTIONS.keys()) {
    const entry: ActionEntry = {
      action,
      permissions: rules.permissions.filter((p) => actionCovers(p.action, action)),
      prohibitions: rules.prohibitions.filter((p) => actionCovers(p.action, action)),
    };
    for (const spelling of spellings(action)) index.set(spelling, entry);
  }
  return index;
}

/** The ways a caller may name an action: `read`, `odrl:read`, its IRI; `foedera:compute` and its IRI. */
function spellings(iri: string): string[] {
  if (iri.startsWith(ODRL)) {
    const term = iri.slice(ODRL.length);
    return [iri, term, `odrl:${term}`];
  }
  if (iri.startsWith(FOEDERA_ODRL)) return [iri, `foedera:${iri.slice(FOEDERA_ODRL.length)}`];
  return [iri];
}
