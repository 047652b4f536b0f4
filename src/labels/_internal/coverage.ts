/**
 * Coverage of PERMISSIVE values: value `v` is covered by a set `S` when every subject accepted through `v` is also
 * accepted through `S`. For nationality categories a country is covered by a group of `S` that contains it; a group
 * is covered only by itself (a group may grow, so listing today's members does not cover it).
 */
import type { PolicyRegistry } from '../policy-registry.ts';

export function covered(options: {
  value: string;
  by: ReadonlySet<string>;
  nationality: boolean;
  registry: PolicyRegistry;
}): boolean {
  const { value, by, nationality, registry } = options;
  if (by.has(value)) return true;
  if (!nationality || registry.groups.has(value)) return false;
  for (const candidate of by) {
    if (registry.groups.get(candidate)?.has(value) === true) return true;
  }
  return false;
}

/**
 * The values accepted by both `a` and `b`, written with as few values as it takes: a value of either side covered by
 * the other stays; a group that the other side does not cover contributes those of its members the other side covers.
 */
export function intersectPermissive(options: {
  a: readonly string[];
  b: readonly string[];
  nationality: boolean;
  registry: PolicyRegistry;
}): string[] {
  const { a, b, nationality, registry } = options;
  const setA = new Set(a);
  const setB = new Set(b);
  const out = new Set<string>();
  const side = (mine: readonly string[], other: ReadonlySet<string>): void => {
    for (const value of mine) {
      if (covered({ value, by: other, nationality, registry })) out.add(value);
      else if (nationality) {
        for (const member of registry.groups.get(value) ?? []) {
          if (covered({ value: member, by: other, nationality, registry })) out.add(member);
        }
      }
    }
  };
  side(a, setB);
  side(b, setA);
  return [...out].sort();
}
