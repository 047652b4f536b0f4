/**
 * The registry of the policies a node understands: levels, categories, groups and, through each level's rank on the
 * common scale, the equivalences between national, EU and NATO levels. Built once from data and validated so that the
 * comparison functions can rely on it: an invalid policy set is a configuration error, thrown at start-up.
 */
import { InvalidInputError } from '../shared/errors.ts';
import type { CategoryDefinition, ClassificationLevel, CountryGroup, PolicyDefinition } from './policy.ts';
import { EU_POLICY, NATO_POLICY } from './policies/eu-nato.ts';
import { DEFAULT_GROUPS } from './policies/groups.ts';
import { NATIONAL_POLICIES } from './policies/national.ts';

export type RegisteredPolicy = {
  readonly definition: PolicyDefinition;
  readonly id: string;
  /** Position of the policy in the registry, used by compiled labels and subjects. */
  readonly index: number;
  readonly levels: readonly ClassificationLevel[];
  /** Level name → position in `levels` (its rank within the policy). */
  readonly levelIndex: ReadonlyMap<string, number>;
  /** Whether the levels have ranks on the common scale (then every level has one). */
  readonly hasEquivalence: boolean;
  readonly categories: ReadonlyMap<string, CategoryDefinition>;
  /** Allowed values of enumerated categories, by tag name. */
  readonly enumerated: ReadonlyMap<string, ReadonlySet<string>>;
};

export type PolicyRegistry = {
  readonly policies: readonly RegisteredPolicy[];
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
  get(id: string): RegisteredPolicy | undefined;
};

const ALPHA3 = /^[A-Z]{3}$/;

/** True when `value` may stand in a `country-codes` category: an ISO 3166-1 alpha-3 code or a group code. */
export function isCountryValue(value: string, registry: PolicyRegistry): boolean {
  return ALPHA3.test(value) || registry.groups.has(value);
}

export function createPolicyRegistry(options: {
  policies: readonly PolicyDefinition[];
  groups: readonly CountryGroup[];
}): PolicyRegistry {
  const groups = new Map<string, ReadonlySet<string>>();
  for (const [i, group] of options.groups.entries()) {
    const field = `groups[${i}]`;
    if (ALPHA3.test(group.code) || !/^[A-Z][A-Z0-9-]*$/.test(group.code)) {
      throw new InvalidInputError(
        field,
        `Cannot register group "${group.code}": a group code is upper case and not three letters`,
      );
    }
    if (groups.has(group.code))
      throw new InvalidInputError(field, `Cannot register group "${group.code}" twice`);
    for (const member of group.members) {
      if (!ALPHA3.test(member) && member !== group.code) {
        throw new InvalidInputError(
          field,
          `Cannot register group "${group.code}": member "${member}" is not an alpha-3 code`,
        );
      }
    }
    groups.set(group.code, Object.freeze(new Set(group.members)));
  }

  const byId = new Map<string, RegisteredPolicy>();
  const policies = options.policies.map((definition, index) => {
    const registered = registerPolicy(definition, index);
    if (byId.has(definition.id)) {
      throw new InvalidInputError(`policies[${index}].id`, `Cannot register policy "${definition.id}" twice`);
    }
    byId.set(definition.id, registered);
    return registered;
  });
  return Object.freeze({
    policies: Object.freeze(policies),
    groups,
    get: (id: string) => byId.get(id),
  });
}

function registerPolicy(definition: PolicyDefinition, index: number): RegisteredPolicy {
  const field = `policies[${index}]`;
  const fail = (where: string, message: string): never => {
    throw new InvalidInputError(`${field}.${where}`, `Cannot register policy "${definition.id}": ${message}`);
  };
  if (definition.id.trim() === '') fail('id', 'the identifier is empty');
  if (definition.levels.length === 0) fail('levels', 'it has no classification levels');

  const levelIndex = new Map<string, number>();
  const withRank = definition.levels.filter((level) => level.equivalent !== undefined).length;
  if (withRank !== 0 && withRank !== definition.levels.length) {
    fail('levels', 'either every level has an equivalent rank or none has');
  }
  let previous = -1;
  for (const [i, level] of definition.levels.entries()) {
    if (levelIndex.has(level.name)) fail(`levels[${i}]`, `level "${level.name}" appears twice`);
    levelIndex.set(level.name, i);
    // Strictly increasing ranks keep comparison inside a policy and through equivalence the same order, which is
    // what makes dominance transitive across policies.
    if (level.equivalent !== undefined) {
      if (level.equivalent <= previous)
        fail(`levels[${i}]`, `level "${level.name}" does not rank above the one below it`);
      previous = level.equivalent;
    }
    if (i > 0 && !level.clearanceRequired && definition.levels[i - 1]?.clearanceRequired === true) {
      fail(`levels[${i}]`, `level "${level.name}" needs no clearance but a lower level does`);
    }
  }

  const categories = new Map<string, CategoryDefinition>();
  const enumerated = new Map<string, ReadonlySet<string>>();
  const valueOwner = new Map<string, string>();
  for (const [i, category] of definition.categories.entries()) {
    const where = `categories[${i}]`;
    if (categories.has(category.tagName)) fail(where, `category "${category.tagName}" appears twice`);
    const consistent =
      (category.type === 'PERMISSIVE' && category.match !== 'none') ||
      (category.type === 'RESTRICTIVE' && category.match === 'subject-values') ||
      (category.type === 'INFORMATIVE' && category.match === 'none');
    if (!consistent)
      fail(where, `category "${category.tagName}" cannot be ${category.type} matched by ${category.match}`);
    if ((category.match === 'nationality') !== (category.values === 'country-codes')) {
      fail(
        where,
        `category "${category.tagName}" must match nationality exactly when its values are country codes`,
      );
    }
    categories.set(category.tagName, category);
    if (Array.isArray(category.values)) {
      const values: readonly string[] = category.values;
      enumerated.set(category.tagName, Object.freeze(new Set(values)));
      // Subjects hold plain values, so two deciding categories of one policy must not share a value.
      if (category.match === 'subject-values') {
        for (const value of values) {
          const owner = valueOwner.get(value);
          if (owner !== undefined)
            fail(where, `value "${value}" belongs to both "${owner}" and "${category.tagName}"`);
          valueOwner.set(value, category.tagName);
        }
      }
    }
  }

  return Object.freeze({
    definition,
    id: definition.id,
    index,
    levels: definition.levels,
    levelIndex,
    hasEquivalence: withRank !== 0,
    categories,
    enumerated,
  });
}

/** EU, NATO and eight Member States' national policies, with the NATO and EU groups. */
export const defaultPolicyRegistry: PolicyRegistry = createPolicyRegistry({
  policies: [EU_POLICY, NATO_POLICY, ...NATIONAL_POLICIES],
  groups: DEFAULT_GROUPS,
});
