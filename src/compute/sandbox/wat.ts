/**
 * Assembles WebAssembly text (WAT) into a binary with WABT compiled to JavaScript, so that jobs can be written,
 * reviewed and committed as text: the CLI accepts `.wat` as well as `.wasm`, tests and the demo assemble theirs.
 */
import { readFile } from 'node:fs/promises';
import type wabt from 'wabt';
import { err, ok, type Result } from '../../shared/result.ts';

// Loaded on first use: WABT is 600 kB of JavaScript that a node would otherwise hold from its start.
let toolkit: ReturnType<typeof wabt> | undefined;

export async function assembleWat(
  source: string,
  name = 'job.wat',
): Promise<Result<Uint8Array, 'invalid-wat'>> {
  toolkit ??= import('wabt').then(({ default: load }) => load());
  const kit = await toolkit;
  let parsed: ReturnType<typeof kit.parseWat> | undefined;
  try {
    parsed = kit.parseWat(name, source);
    parsed.resolveNames();
    parsed.validate();
    return ok(parsed.toBinary({}).buffer.slice());
  } catch (error) {
    return err('invalid-wat', `Cannot assemble "${name}": ${(error as Error).message.trim()}`);
  } finally {
    parsed?.destroy();
  }
}

/** A job module from a file: `.wat` is assembled, anything else is read as a WebAssembly binary. */
export async function readJobModule(path: string): Promise<Result<Uint8Array, 'invalid-wat'>> {
  const bytes = await readFile(path);
  if (!path.endsWith('.wat')) return ok(new Uint8Array(bytes));
  return assembleWat(bytes.toString('utf8'), path);
}

/** The demo's and benchmark's job: counts the bytes and lines of /data/dataset. */
export const COUNT_BYTES_JOB = new URL('../jobs/count-bytes.wat', import.meta.url);
