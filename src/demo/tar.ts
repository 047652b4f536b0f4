/**
 * A ustar archive (POSIX.1-1988) of a few small files, written in memory: how the demo packs an imagery set (images
 * plus one annotation file) into the single object a dataset distribution carries. Any `tar` reads it.
 */
export type TarFile = { readonly name: string; readonly bytes: Uint8Array };

const BLOCK = 512;

function field(header: Uint8Array, at: { offset: number; length: number; text: string }): void {
  const bytes = new TextEncoder().encode(at.text);
  if (bytes.length > at.length) throw new Error(`Cannot write tar header field "${at.text}": too long`);
  header.set(bytes, at.offset);
}

const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, '0')}\0`;

function header(file: TarFile, mtime: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  field(h, { offset: 0, length: 100, text: file.name });
  field(h, { offset: 100, length: 8, text: octal(0o644, 8) });
  field(h, { offset: 108, length: 8, text: octal(0, 8) });
  field(h, { offset: 116, length: 8, text: octal(0, 8) });
  field(h, { offset: 124, length: 12, text: octal(file.bytes.length, 12) });
  field(h, { offset: 136, length: 12, text: octal(mtime, 12) });
  field(h, { offset: 148, length: 8, text: ' '.repeat(8) });
  field(h, { offset: 156, length: 1, text: '0' });
  field(h, { offset: 257, length: 6, text: 'ustar\0' });
  field(h, { offset: 263, length: 2, text: '00' });
  const sum = h.reduce((a, b) => a + b, 0);
  field(h, { offset: 148, length: 8, text: `${sum.toString(8).padStart(6, '0')}\0 ` });
  return h;
}

/** The archive's bytes; `mtime` (seconds) is fixed by the caller so the same files give the same archive. */
export function tarArchive(files: readonly TarFile[], mtime: number): Uint8Array {
  const padded = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;
  const total = files.reduce((sum, f) => sum + BLOCK + padded(f.bytes.length), 0) + 2 * BLOCK;
  const out = new Uint8Array(total);
  let at = 0;
  for (const file of files) {
    out.set(header(file, mtime), at);
    at += BLOCK;
    out.set(file.bytes, at);
    at += padded(file.bytes.length);
  }
  return out;
}
