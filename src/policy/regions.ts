/**
 * The broader-term relation used by `isA`, `isPartOf` and `hasPart`: a country is part of the EU and of NATO.
 * Countries are ISO 3166-1 alpha-3 codes, as in STANAG 4774 *Releasable To* markings. Group membership is data of
 * the labels module (src/labels/policies/groups.ts, with its sources), so a label and a policy never disagree on it.
 */
import { defaultPolicyRegistry } from '../labels/index.ts';

/** Term → its broader terms (direct ones; the compiler closes the relation transitively). */
export type Hierarchy = ReadonlyMap<string, readonly string[]>;

/** Each member of a group gets the group as a broader term (`FRA` → `EU`, `NATO`). */
export function hierarchyFromGroups(groups: ReadonlyMap<string, ReadonlySet<string>>): Hierarchy {
  const map = new Map<string, string[]>();
  for (const [group, members] of groups) {
    for (const member of members) if (member !== group) map.set(member, [...(map.get(member) ?? []), group]);
  }
  return map;
}

export const DEFAULT_HIERARCHY: Hierarchy = hierarchyFromGroups(defaultPolicyRegistry.groups);

/** Every broader term of `term`, transitively, cycles tolerated. */
export function ancestors(hierarchy: Hierarchy, term: string): Set<string> {
  const out = new Set<string>();
  const queue = [...(hierarchy.get(term) ?? [])];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (out.has(next)) continue;
    out.add(next);
    queue.push(...(hierarchy.get(next) ?? []));
  }
  return out;
}
