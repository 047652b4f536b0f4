/**
 * The broader-term relation used by `isA`, `isPartOf` and `hasPart`: a country is part of the EU and of NATO.
 * Countries are ISO 3166-1 alpha-3 codes, the form STANAG 4774 *Releasable To* markings use. Membership as of 2026:
 * EU-27 (Treaty on European Union, art. 52) and NATO's 32 members (nato.int, "NATO member countries").
 */
const EU =
  'AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN ESP SWE';
const NATO =
  'ALB BEL BGR CAN HRV CZE DNK EST FIN FRA DEU GRC HUN ISL ITA LVA LTU LUX MNE NLD MKD NOR POL PRT ROU SVK SVN ESP SWE TUR GBR USA';

/** Term → its broader terms (direct ones; the compiler closes the relation transitively). */
export type Hierarchy = ReadonlyMap<string, readonly string[]>;

function build(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (group: string, members: string): void => {
    for (const code of members.split(' ')) map.set(code, [...(map.get(code) ?? []), group]);
  };
  add('EU', EU);
  add('NATO', NATO);
  return map;
}

export const DEFAULT_HIERARCHY: Hierarchy = build();

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
