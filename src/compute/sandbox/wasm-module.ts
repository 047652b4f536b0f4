/**
 * Checks a job's WebAssembly module before it runs and bounds its memory: the only imports allowed are WASI
 * preview1 functions other than sockets (so the job has no way to reach a network or the host), and the module's
 * memory gets the limit as its declared maximum, written into the binary, so that `memory.grow` past the limit
 * fails inside the engine instead of taking the provider's memory. A module whose initial memory is already above
 * the limit is refused.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { ComputeLimits } from './limits.ts';
import { wasm, type ModuleImport, type WasmModule } from './wasm-api.ts';

export const WASI_MODULE = 'wasi_snapshot_preview1';

/** WASI preview1 socket calls: refused even though the WASI host would answer them, because a job has no network. */
const NETWORK_CALLS = new Set(['sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown']);

export type PreparedModule = {
  readonly module: WasmModule;
  /** The binary as run: the submitted one with its memory maximum lowered to the limit. */
  readonly bytes: Uint8Array;
  readonly memory: { readonly initialPages: number; readonly maximumPages: number };
};

type Refusal = 'invalid-module' | 'forbidden-import' | 'memory-limit';

const MEMORY_SECTION = 5;

function readU32(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && i < at + 5; i++) {
    const byte = bytes[i] as number;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

function writeU32(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

type MemoryPatch = { bytes: Uint8Array; initialPages: number; maximumPages: number };

/** Rewrites the memory section so its one memory has `min(declared maximum, limit)` as its maximum. */
function capMemory(bytes: Uint8Array, limitPages: number): Result<MemoryPatch | undefined, Refusal> {
  const bad = (why: string) => err('invalid-module' as const, `Cannot run job: ${why}`);
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) {
    return bad('not a WebAssembly 1.0 binary (magic or version)');
  }
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at] as number;
    const size = readU32(bytes, at + 1);
    if (size === undefined || size.next + size.value > bytes.length) return bad('truncated section');
    const start = size.next;
    const end = start + size.value;
    if (id === MEMORY_SECTION) {
      const count = readU32(bytes, start);
      if (count === undefined || count.value !== 1) return bad('a job module must define exactly one memory');
      const flags = bytes[count.next];
      if (flags !== 0x00 && flags !== 0x01) {
        return bad('shared and 64-bit memories are not supported');
      }
      const min = readU32(bytes, count.next + 1);
      if (min === undefined) return bad('truncated memory limits');
      let declaredMax = Infinity;
      let limitsEnd = min.next;
      if (flags === 0x01) {
        const max = readU32(bytes, min.next);
        if (max === undefined) return bad('truncated memory limits');
        declaredMax = max.value;
        limitsEnd = max.next;
      }
      if (limitsEnd !== end) return bad('unexpected bytes after the memory limits');
      if (min.value > limitPages) {
        return err(
          'memory-limit',
          `Cannot run job: its initial memory of ${min.value} pages is above the limit of ${limitPages} pages`,
        );
      }
      const maximumPages = Math.min(declaredMax, limitPages);
      const content = [...writeU32(1), 0x01, ...writeU32(min.value), ...writeU32(maximumPages)];
      const section = [MEMORY_SECTION, ...writeU32(content.length), ...content];
      const patched = new Uint8Array(bytes.length - (end - at) + section.length);
      patched.set(bytes.subarray(0, at), 0);
      patched.set(section, at);
      patched.set(bytes.subarray(end), at + section.length);
      return ok({ bytes: patched, initialPages: min.value, maximumPages });
    }
    at = end;
  }
  return ok(undefined);
}

export function prepareModule(bytes: Uint8Array, limits: ComputeLimits): Result<PreparedModule, Refusal> {
  if (bytes.length > limits.moduleBytes) {
    return err(
      'invalid-module',
      `Cannot run job: the module has ${bytes.length} bytes, more than the limit of ${limits.moduleBytes}`,
    );
  }
  const capped = capMemory(bytes, limits.memoryPages);
  if (!capped.ok) return capped;
  const patch = capped.value;
  let module: WasmModule;
  try {
    module = new wasm.Module(patch?.bytes ?? bytes);
  } catch (error) {
    return err('invalid-module', `Cannot run job: the module does not compile (${(error as Error).message})`);
  }
  for (const entry of wasm.Module.imports(module) as ModuleImport[]) {
    const what = `Cannot run job: import "${entry.module}"."${entry.name}" (${entry.kind})`;
    if (entry.module !== WASI_MODULE || entry.kind !== 'function') {
      return err(
        'forbidden-import',
        `${what} is not a WASI preview1 function; a job has no other host access`,
      );
    }
    if (NETWORK_CALLS.has(entry.name)) {
      return err('forbidden-import', `${what} is a socket call; a job has no network`);
    }
  }
  const exports = new Map(wasm.Module.exports(module).map((e) => [e.name, e.kind]));
  if (exports.get('_start') !== 'function') {
    return err('invalid-module', 'Cannot run job: the module exports no "_start" function (a WASI command)');
  }
  if (exports.get('memory') !== 'memory' || patch === undefined) {
    return err('invalid-module', 'Cannot run job: the module must define and export its memory as "memory"');
  }
  return ok({
    module,
    bytes: patch.bytes,
    memory: { initialPages: patch.initialPages, maximumPages: patch.maximumPages },
  });
}
