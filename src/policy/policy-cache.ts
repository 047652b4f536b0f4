/**
 * Compile once, decide many times. Policies are keyed by the SHA-256 of their RFC 8785 canonical JSON, not by `@id`
 * alone: two different documents claiming the same `@id` must never share a compiled form. Refusals are cached too,
 * so a peer resending a malformed policy costs one hash. Least recently used entries leave first.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { err } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { compilePolicy } from './compile-policy.ts';
import type { CompileOptions, CompiledPolicy } from './compile-policy.ts';

export type PolicyCache = {
  compile(json: unknown): Result<CompiledPolicy, 'invalid-policy'>;
  readonly size: number;
};

export function createPolicyCache(
  options: { maxEntries?: number; compile?: CompileOptions } = {},
): PolicyCache {
  const maxEntries = options.maxEntries ?? 1024;
  const entries = new Map<string, Result<CompiledPolicy, 'invalid-policy'>>();
  return {
    get size() {
      return entries.size;
    },
    compile(json) {
      let canonical: string | undefined;
      try {
        canonical = canonicalize(json);
      } catch (cause) {
        return err('invalid-policy', `Cannot read ODRL policy: ${(cause as Error).message}`);
      }
      if (canonical === undefined) return compilePolicy(json, options.compile);
      const key = createHash('sha256').update(canonical).digest('base64url');
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const compiled = compilePolicy(JSON.parse(canonical) as unknown, options.compile);
      entries.set(key, compiled);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      return compiled;
    },
  };
}
