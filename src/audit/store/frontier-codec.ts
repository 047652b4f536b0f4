/** The frontier as stored in the tree row: its hashes concatenated, largest subtree first. */
import { FoederaError } from '../../shared/errors.ts';
import { frontierNodes, type Frontier } from '../merkle/compact-range.ts';
import { HASH_SIZE } from '../merkle/hash.ts';

export function readFrontier(size: number, bytes: Uint8Array): Frontier {
  const count = frontierNodes(size).length;
  if (bytes.length !== count * HASH_SIZE) {
    throw new FoederaError(
      'audit-corrupt-tree',
      `Cannot read the audit tree frontier: size ${size} needs ${count} hashes, the row holds ${bytes.length} bytes`,
    );
  }
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < count; i++)
    hashes.push(new Uint8Array(bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)));
  return { size, hashes };
}

export function writeFrontier(frontier: Frontier): Buffer {
  return Buffer.concat(frontier.hashes.map((h) => Buffer.from(h)));
}
