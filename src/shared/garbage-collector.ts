/**
 * V8's `gc` function, for the few places that know better than V8's heuristics when garbage is there to collect
 * (the end of start-up, each segment the data plane has done with). It is fetched once in a throw-away context with
 * `--expose-gc` switched on and at once off again (the flag only affects contexts created while it is set), so the
 * node needs no command-line flag and no global `gc` appears in its own context. Null where it cannot be had: the
 * callers then leave collection to V8.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full collection without options (`{ type: 'major' }` collected nothing old on Node 20); `minor`: the young. */
export type Collect = (options?: { type: 'minor' }) => void;

let collect: Collect | null | undefined;

export function garbageCollector(): Collect | null {
  if (collect !== undefined) return collect;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return (collect = exposed as Collect);
  try {
    setFlagsFromString('--expose-gc');
    const found = runInNewContext('gc') as unknown;
    collect = typeof found === 'function' ? (found as Collect) : null;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}
