/**
 * The memory bound of the data plane on a large object, on two real node processes: FRA seals it from its management
 * API, serves it, DEU pulls it and opens it back through its management API (support/large-object.ts). Each node
 * process's resident set stays under 200 MB, idle node included, while the object is put, moved and opened. The size
 * is 2 GiB, a multi-gigabyte object (at 4 MiB a segment, 512 segments, about 80 times what any loop holds at once,
 * and eight times the 256 MiB between the data plane's full collections); `npm run bench -- dataplane` moves 4 GiB between two node processes the same way.
 * FOEDERA_E2E_DATAPLANE_MIB sets another size.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeMemory, moveLargeObject, peakOf } from './support/large-object.ts';

const MIB = 1024 * 1024;
const SIZE = Number(process.env['FOEDERA_E2E_DATAPLANE_MIB'] ?? 2048) * MIB;
const LIMIT_MB = 200;

test(`a ${SIZE / MIB} MiB object is put, pulled and opened between node processes each under ${LIMIT_MB} MB resident, and comes back the same`, async () => {
  const run = await moveLargeObject({ size: SIZE });
  const shown = describeMemory(run);
  console.log(
    `# resident set while ${SIZE / MIB} MiB moved: ${shown} (put ${run.seconds.put.toFixed(1)} s, pull ${run.seconds.pull.toFixed(1)} s, open ${run.seconds.open.toFixed(1)} s)`,
  );
  assert.ok(run.identical, 'the opened plaintext differs from what was put');
  assert.ok(peakOf(run.owner) < LIMIT_MB, shown);
  assert.ok(peakOf(run.receiver) < LIMIT_MB, shown);
});
