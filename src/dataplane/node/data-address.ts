/**
 * The DataAddress a provider puts in its TransferStartMessage for a pull transfer: the endpoint of its data plane
 * (`https://host:port/dataplane`, mutual TLS) and the agreement the transfer runs under. The object is named by the
 * owner at pull time (`GET /dataplane/agreements/:id/object`), since the protocol's decider must answer inside its
 * transaction without reading the data plane's tables; a dataset's content put later is then what moves.
 */
import type { DataAddress } from '../../protocol/messages/types.ts';
import type { Transfer } from '../../protocol/transfer/transfer.ts';

/** Path of the data plane on the protocol surface. */
export const DATAPLANE_PATH = '/dataplane';
export const DATAPLANE_ENDPOINT_TYPE = 'https://w3id.org/foedera/dataplane/v1';
export const AGREEMENT_PROPERTY = 'https://w3id.org/foedera/dataplane/v1#agreement';
export const PULL_FORMAT = 'HttpData-PULL';

/** `dataAddressFor` of the protocol's automatic deciders; `dataplaneBase()` is e.g. `https://h:8443/dataplane`. */
export function dataPlaneAddress(dataplaneBase: () => string) {
  return (transfer: Transfer): DataAddress | undefined => {
    if (transfer.format !== PULL_FORMAT) return undefined;
    return {
      '@type': 'DataAddress',
      endpointType: DATAPLANE_ENDPOINT_TYPE,
      endpoint: dataplaneBase(),
      endpointProperties: [
        { '@type': 'EndpointProperty', name: AGREEMENT_PROPERTY, value: transfer.agreementId },
      ],
    };
  };
}

/** The data plane endpoint a DataAddress names, when it is one of ours. */
export function dataPlaneEndpointOf(address: unknown): string | undefined {
  const candidate = address as Partial<DataAddress> | null;
  if (candidate?.endpointType !== DATAPLANE_ENDPOINT_TYPE) return undefined;
  const endpoint = candidate.endpoint;
  return typeof endpoint === 'string' && endpoint.startsWith('https://') ? endpoint : undefined;
}
