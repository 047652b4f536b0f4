/**
 * One full, compacting garbage collection once the node has started. Starting allocates far more than an idle node
 * keeps (the migrations, parsing and compiling the sources, PGlite's 9 MB WebAssembly file read before V8
 * copies it): left to itself, V8 keeps that heap committed, and the file's buffer resident, until some later
 * collection, and it does not compact the survivors; an idle node measured between 150 and 225 MB depending on
 * whether one had happened. The collector is V8's own (src/shared/garbage-collector.ts), and compaction is asked for
 * this collection only. It pauses the node once, before it announces itself: 0.25 s at a load average of 11.
 */
import { setFlagsFromString } from 'node:v8';
import { garbageCollector } from '../shared/garbage-collector.ts';

export function releaseStartGarbage(): void {
  const gc = garbageCollector();
  if (gc === null) return;
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
