/**
 * The C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint): origin line, decimal tree size, base64 root hash,
 * then optional extension lines. Signing and cosigning wrap it as a signed note.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { HASH_SIZE, type Hash } from '../merkle/hash.ts';

export type Checkpoint = {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
  readonly extensions?: readonly string[];
};

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root } = checkpoint;
  if (origin.length === 0 || origin.includes('\n'))
    throw new RangeError(`Cannot use checkpoint origin "${origin}"`);
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Cannot use checkpoint size ${size}`);
  if (root.length !== HASH_SIZE) throw new RangeError(`Cannot use a root hash of ${root.length} bytes`);
  const extensions = (checkpoint.extensions ?? []).map((line) => `${line}\n`).join('');
  return `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n${extensions}`;
}

export function parseCheckpoint(text: string): Result<Checkpoint, 'malformed-checkpoint'> {
  const fail = (why: string) => err('malformed-checkpoint' as const, `Cannot parse checkpoint: ${why}`);
  if (!text.endsWith('\n')) return fail('body does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin === undefined || origin.length === 0) return fail('origin line is empty');
  if (sizeLine === undefined || !/^(0|[1-9][0-9]*)$/.test(sizeLine))
    return fail(`tree size "${sizeLine ?? ''}" is not a decimal`);
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) return fail(`tree size ${sizeLine} is too large`);
  const root = new Uint8Array(Buffer.from(rootLine ?? '', 'base64'));
  if (root.length !== HASH_SIZE || Buffer.from(root).toString('base64') !== rootLine) {
    return fail(`root hash "${rootLine ?? ''}" is not base64 of 32 bytes`);
  }
  if (extensions.some((line) => line.length === 0)) return fail('has an empty extension line');
  return ok(extensions.length > 0 ? { origin, size, root, extensions } : { origin, size, root });
}
