#!/usr/bin/env node
// The `foedera` command. The sources are TypeScript: they run compiled to JavaScript, recompiled whenever a source
// changed (./compiled-sources.js), or through tsx when they cannot be compiled here (FOEDERA_RUN_SOURCES=1 forces it).
import { compiledEntry } from './compiled-sources.js';

const compiled = await compiledEntry('cli/main.ts');
if (compiled === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  await import(compiled);
}
