/** Public surface of the catalog module: datasets with labels and offers, visibility, DSP JSON-LD, search, cache. */
export type { CatalogDataset, CatalogDistribution, CatalogObject, CatalogService } from './dataset.ts';
export { ENCRYPTED_OBJECT_MEDIA_TYPE, OBJECT_TRANSFER_FORMATS } from './dataset.ts';
export { isListable, visibleDataset, visibleDatasets } from './visibility.ts';
export { catalogDocument, datasetBody, datasetDocument } from './dsp-serialise.ts';
export type { ReadCatalog, SkippedDataset } from './dsp-read.ts';
export { readDspCatalog, readDspDataset } from './dsp-read.ts';
export { BINDING_TERM, FOEDERA_NS, LABEL_TERM } from './dsp-terms.ts';
export type { DatasetInputError } from './read-dataset.ts';
export { readDatasetInput } from './read-dataset.ts';
export type { CatalogEntry, CatalogQuery } from './search.ts';
export { searchCatalog } from './search.ts';
export type { FetchPeerCatalog, RefreshOutcome } from './federated-refresh.ts';
export { peersDue, refreshPeerCatalog } from './federated-refresh.ts';
export { deleteDataset, getDataset, listDatasets, putDataset } from './store/dataset-repository.ts';
export type { PeerCatalogStatus } from './store/peer-cache-repository.ts';
export {
  listPeerEntries,
  peerEndpoint,
  peerStatuses,
  recordPeerFailure,
  replacePeerCatalog,
} from './store/peer-cache-repository.ts';
