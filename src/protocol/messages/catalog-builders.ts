import {
  DSP_CONTEXT_URL,
  DSP_VERSION,
  type Catalog,
  type CatalogBody,
  type CatalogError,
  type CatalogRequestMessage,
  type Dataset,
  type DatasetBody,
  type DatasetRequestMessage,
  type VersionResponse,
} from './types.ts';

const context = (): string[] => [DSP_CONTEXT_URL];

export function catalogRequestMessage(options: { filter?: unknown[] } = {}): CatalogRequestMessage {
  return {
    '@context': context(),
    '@type': 'CatalogRequestMessage',
    ...(options.filter === undefined ? {} : { filter: options.filter }),
  };
}

export function datasetRequestMessage(options: { dataset: string }): DatasetRequestMessage {
  return { '@context': context(), '@type': 'DatasetRequestMessage', dataset: options.dataset };
}

/** The root catalog a provider answers with; an empty `datasets` leaves the term out (the schema wants at least one). */
export function catalog(
  options: { id: string; participantId: string; datasets: DatasetBody[] } & Omit<
    Partial<CatalogBody>,
    '@id' | '@type' | 'dataset'
  >,
): Catalog {
  const { id, participantId, datasets, ...rest } = options;
  return {
    '@context': context(),
    '@id': id,
    '@type': 'Catalog',
    participantId,
    ...rest,
    ...(datasets.length === 0 ? {} : { dataset: datasets }),
  };
}

export function dataset(body: DatasetBody): Dataset {
  return { '@context': context(), ...body, '@type': 'Dataset' };
}

export function catalogError(options: { code?: string; reason?: unknown[] }): CatalogError {
  return {
    '@context': context(),
    '@type': 'CatalogError',
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.reason === undefined || options.reason.length === 0 ? {} : { reason: options.reason }),
  };
}

/** The `/.well-known/dspace-version` document: this node speaks 2025-1 over HTTPS at `path`. */
export function versionResponse(options: { path: string; identifierType?: string }): VersionResponse {
  return {
    protocolVersions: [
      {
        version: DSP_VERSION,
        path: options.path,
        binding: 'HTTPS',
        ...(options.identifierType === undefined ? {} : { identifierType: options.identifierType }),
      },
    ],
  };
}
