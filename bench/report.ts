/** Benchmark output as ../shared/benchmarks.md fixes it: one `BENCH <name> <value> <unit>` line per figure. */
export function figure(name: string, value: number, unit: string): void {
  const shown = Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(4);
  console.log(`BENCH ${name} ${shown} ${unit}`);
}

export function skipped(name: string, why: string): void {
  console.log(`# ${name} skipped: ${why}`);
}

/** Runs `fn` repeatedly for at least `minMs` and returns operations per second. */
export async function opsPerSecond(
  fn: () => unknown,
  options: { minMs?: number; batch?: number } = {},
): Promise<number> {
  const minMs = options.minMs ?? 1000;
  const batch = options.batch ?? 1000;
  for (let i = 0; i < batch; i++) await fn(); // warm-up
  let count = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < batch; i++) await fn();
    count += batch;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (count * 1000) / elapsed;
}
