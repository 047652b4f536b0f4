/**
 * Frees what a data plane loop dropped, once per segment: V8's young generation (a scavenge: well under a millisecond
 * with the node's 1 MB semi-spaces) each time, the whole heap every 64 segments.
 *
 * Why: cipher outputs and socket reads are fresh Buffers whose bytes live outside the V8 heap. They die at once, but
 * a scavenge comes only when the heap's young generation fills, and these Buffers hardly fill it (a few hundred bytes
 * of object for 256 KiB of bytes). What triggers a collection is V8's external memory limit, 64 MB above what was left
 * after the last full collection: so a node sealing or opening an object held up to 64 MB of dead Buffers, and paid a
 * full collection of its heap each time. Collected each segment, the same Buffers are freed young; malloc then hands
 * the same pages back for the next segment (measured on 2 GiB of 256 KiB cipher outputs: peak Buffer bytes 44 → 7 MB,
 * CPU 0.89 → 0.67 s).
 *
 * The collector is V8's own (src/shared/garbage-collector.ts). Where it cannot be had, this does nothing and V8's
 * own heuristics apply as before.
 */
import { garbageCollector } from '../../shared/garbage-collector.ts';

/** Segments between full collections: 256 MiB of 4 MiB segments. */
const SEGMENTS_PER_FULL_COLLECTION = 64;
let segments = 0;

/**
 * Called once a loop is done with a segment (sealed, served, received, sent or opened) and dropped its transient
 * Buffers: collects the young generation, and the whole heap every 64 segments (tens of milliseconds per 256 MiB).
 * The full collections are for what a segment's requests and streams left in the old generation (objects alive
 * across two young collections while the segment moved): without them V8 let that garbage grow by 30-40 MB over a
 * 4 GiB transfer before its own limit was reached, in both the serving and the receiving node.
 */
export function collectSegmentGarbage(): void {
  const collect = garbageCollector();
  if (collect === null) return;
  segments = (segments + 1) % SEGMENTS_PER_FULL_COLLECTION;
  if (segments === 0) collect();
  else collect({ type: 'minor' });
}
