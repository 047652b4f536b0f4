#!/usr/bin/env node
// The `foedera` command. The sources are TypeScript: they run compiled to JavaScript, recompiled whenever a source
// changed (./compiled-sources.js), or through tsx when they cannot be compiled here (FOEDERA_RUN_SOURCES=1 forces it).
import { compiledEntry } from './compiled-sources.js';

// `foedera node start --home DIR`, exactly: the node's own entry, without the rest of the command line.
const args = process.argv.slice(2);
const nodeStart = args.length === 4 && args[0] === 'node' && args[1] === 'start' && args[2] === '--home';
const compiled = await compiledEntry(nodeStart ? 'node/main.ts' : 'cli/main.ts');
if (compiled === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  await import(compiled);
}
