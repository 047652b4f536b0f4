/** Rewrites docs/cli.md from the program's help texts (see cli-reference.ts). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formattedCliReference } from './cli-reference.ts';

export const CLI_REFERENCE_FILE = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(CLI_REFERENCE_FILE, await formattedCliReference(CLI_REFERENCE_FILE));
  console.log(`Wrote ${CLI_REFERENCE_FILE}`);
}
