/**
 * `npm run bench [-- GROUP…]`: runs the benchmark groups (all by default) and prints BENCH lines.
 * Each group lives in bench/<group>.ts and exports `run(options)`; sizes can be raised with `--scale N`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type BenchOptions = { scale: number };
type Group = { run: (options: BenchOptions) => Promise<void> };

const KNOWN = ['node', 'store', 'pdp', 'protocol', 'dataplane', 'audit', 'compute'] as const;

const args = process.argv.slice(2);
let scale = 1;
const named: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--scale') {
    scale = Number(args[++i]);
    if (!Number.isFinite(scale) || scale <= 0) {
      console.error('Cannot read --scale: expected a positive number');
      process.exit(2);
    }
  } else if (arg !== undefined) named.push(arg);
}
for (const name of named) {
  if (!(KNOWN as readonly string[]).includes(name)) {
    console.error(`Unknown benchmark group "${name}": expected one of ${KNOWN.join(', ')}`);
    process.exit(2);
  }
}
const groups = named.length > 0 ? named : [...KNOWN];
for (const name of groups) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`# group ${name}: not built yet`);
    continue;
  }
  console.log(`# group ${name}`);
  const group = (await import(file)) as Group;
  await group.run({ scale });
}
