// A test reporter (node --test-reporter) that prints, once the run ends, the test files that took longest: the sum
// of their top-level tests' durations, which is what to shorten when the suite creeps towards its ten minutes.
// FOEDERA_SLOWEST_FILES=N shows N files instead of ten.
const SHOWN = Number(process.env.FOEDERA_SLOWEST_FILES ?? 10) || 10;

export default async function* slowestFiles(source) {
  const perFile = new Map();
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0) {
      const file = event.data.file ?? event.data.name;
      perFile.set(file, (perFile.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0));
    }
  }
  const rows = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, SHOWN);
  if (rows.length === 0) return;
  const cwd = `${process.cwd()}/`;
  const total = [...perFile.values()].reduce((sum, ms) => sum + ms, 0);
  yield `\nSlowest test files (sum of top-level test durations; ${perFile.size} files, ${(total / 60000).toFixed(1)} min in all):\n`;
  for (const [file, ms] of rows) {
    yield `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${String(file).replace(cwd, '')}\n`;
  }
}
