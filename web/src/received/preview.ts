/**
 * A first look at opened plaintext, without leaving the browser: the files of a tar archive (an imagery set with its
 * annotations) or the first rows of a CSV table. Anything else is offered for saving only.
 */
export type Preview =
  | { readonly kind: 'archive'; readonly files: readonly { name: string; size: number }[] }
  | {
      readonly kind: 'table';
      readonly header: readonly string[];
      readonly rows: readonly string[][];
      readonly total: number;
    }
  | { readonly kind: 'none' };

const decoder = new TextDecoder();

function tarEntries(bytes: Uint8Array): { name: string; size: number }[] | undefined {
  if (bytes.length < 512 || decoder.decode(bytes.subarray(257, 262)) !== 'ustar') return undefined;
  const files: { name: string; size: number }[] = [];
  for (let at = 0; at + 512 <= bytes.length;) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = decoder.decode(header.subarray(0, 100)).replace(/\0.*$/s, '');
    const size = Number.parseInt(
      decoder.decode(header.subarray(124, 136)).replace(/\0.*$/s, '').trim() || '0',
      8,
    );
    if (!Number.isSafeInteger(size)) return undefined;
    files.push({ name, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

export function previewOf(bytes: Uint8Array, options: { rows: number } = { rows: 5 }): Preview {
  const files = tarEntries(bytes);
  if (files !== undefined) return { kind: 'archive', files };
  const text = decoder.decode(bytes.subarray(0, 64 * 1024));
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const header = lines[0]?.split(',');
  // A table: printable text whose first lines have the header's number of fields.
  const binary = [...text.slice(0, 4096)].some(
    (c) => c.charCodeAt(0) < 9 || (c.charCodeAt(0) > 13 && c.charCodeAt(0) < 32),
  );
  if (header === undefined || header.length < 2 || binary) return { kind: 'none' };
  const rows = lines.slice(1, options.rows + 1).map((l) => l.split(','));
  if (!rows.every((r) => r.length === header.length)) return { kind: 'none' };
  const total =
    decoder
      .decode(bytes)
      .split(/\r?\n/)
      .filter((l) => l !== '').length - 1;
  return { kind: 'table', header, rows, total };
}
