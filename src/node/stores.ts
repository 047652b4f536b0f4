/** The node's two stores, opened by `compose.ts` through the store module's adapters. */
import type { BlobStore } from '../store/blob/open.ts';
import type { MetadataStore } from '../store/metadata/open.ts';

export type NodeStores = {
  readonly metadata: MetadataStore;
  readonly blobs: BlobStore;
};
