/**
 * The DataAddresses of our data plane (`https://host:port/dataplane`, mutual TLS).
 * Pull: the provider puts its endpoint and the agreement in its TransferStartMessage. The object is named by the
 * owner at pull time (`GET /dataplane/agreements/:id/object`), since the protocol's decider must answer inside its
 * transaction without reading the data plane's tables; a dataset's content put later is then what moves.
 * Push: the consumer puts its own endpoint and its process id in its TransferRequestMessage; the receiver accepts
 * segments only for that process, from its provider, while it is STARTED (push-receiver.ts).
 */
import type { DataAddress } from '../../protocol/messages/types.ts';
import type { Transfer } from '../../protocol/transfer/transfer.ts';

/** Path of the data plane on the protocol surface. */
export const DATAPLANE_PATH = '/dataplane';
export const DATAPLANE_ENDPOINT_TYPE = 'https://w3id.org/foedera/dataplane/v1';
export const AGREEMENT_PROPERTY = 'https://w3id.org/foedera/dataplane/v1#agreement';
export const TRANSFER_PROPERTY = 'https://w3id.org/foedera/dataplane/v1#transfer';
export const PULL_FORMAT = 'HttpData-PULL';
export const PUSH_FORMAT = 'HttpData-PUSH';

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

/** Push: where the provider writes the data of the consumer's transfer `consumerPid`. */
export function pushReceiveAddress(options: { endpoint: string; consumerPid: string }): DataAddress {
  return {
    '@type': 'DataAddress',
    endpointType: DATAPLANE_ENDPOINT_TYPE,
    endpoint: options.endpoint,
    endpointProperties: [
      { '@type': 'EndpointProperty', name: TRANSFER_PROPERTY, value: options.consumerPid },
    ],
  };
}

/** Push, provider side: the receiver's transfer-scoped base URL, when the address is ours and names `transfer`. */
export function pushTargetOf(transfer: Transfer): string | undefined {
  const endpoint = dataPlaneEndpointOf(transfer.dataAddress);
  const named = transfer.dataAddress?.endpointProperties?.find((p) => p.name === TRANSFER_PROPERTY)?.value;
  if (endpoint === undefined || named !== transfer.consumerPid) return undefined;
  return `${endpoint.replace(/\/+$/, '')}/transfers/${encodeURIComponent(transfer.consumerPid)}`;
}
