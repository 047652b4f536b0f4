/**
 * Publishing binds the label to the dataset as published: the SHA-384 of its RFC 8785 canonical metadata (the
 * binding itself left out) is signed with the node's key, so a peer can check that label and description travel
 * together. A binding the publisher brought (made over the content bytes by its own tooling) is kept as given.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { bindLabel, sha384 } from '../../labels/index.ts';
import { FoederaError } from '../../shared/errors.ts';
import type { NodeContext } from '../../node/context.ts';
import { readTlsFiles } from '../../node/read-material.ts';
import type { CatalogDataset } from '../dataset.ts';

export function metadataDigest(dataset: CatalogDataset): Uint8Array {
  const { labelBinding: _binding, ...metadata } = dataset;
  const text = canonicalize(metadata);
  if (text === undefined) throw new FoederaError('internal', `Cannot canonicalise dataset "${dataset.id}"`);
  return sha384(new TextEncoder().encode(text));
}

export async function nodeSigningKey(context: NodeContext): Promise<KeyObject> {
  const files = await readTlsFiles(context.home, context.config);
  return createPrivateKey(files.key);
}

export async function withBinding(options: {
  dataset: CatalogDataset;
  key: KeyObject;
  kid: string;
}): Promise<CatalogDataset> {
  const { dataset } = options;
  if (dataset.labelBinding !== undefined) return dataset;
  const labelBinding = await bindLabel({
    dataDigest: metadataDigest(dataset),
    label: dataset.label,
    key: options.key,
    kid: options.kid,
  });
  return { ...dataset, labelBinding };
}
