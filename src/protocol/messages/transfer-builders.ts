import {
  DSP_CONTEXT_URL,
  type DataAddress,
  type TransferCompletionMessage,
  type TransferError,
  type TransferProcess,
  type TransferRequestMessage,
  type TransferStartMessage,
  type TransferState,
  type TransferSuspensionMessage,
  type TransferTerminationMessage,
} from './types.ts';

type Pids = { providerPid: string; consumerPid: string };
type CodeAndReason = { code?: string; reason?: unknown[] };

const context = (): string[] => [DSP_CONTEXT_URL];

function codeAndReason(options: CodeAndReason): CodeAndReason {
  return {
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.reason === undefined || options.reason.length === 0 ? {} : { reason: options.reason }),
  };
}

/** `dataAddress` is given for push transfers (where the provider should write); pull transfers leave it out. */
export function transferRequestMessage(options: {
  consumerPid: string;
  agreementId: string;
  format: string;
  callbackAddress: string;
  dataAddress?: DataAddress;
}): TransferRequestMessage {
  return {
    '@context': context(),
    '@type': 'TransferRequestMessage',
    consumerPid: options.consumerPid,
    agreementId: options.agreementId,
    format: options.format,
    ...(options.dataAddress === undefined ? {} : { dataAddress: options.dataAddress }),
    callbackAddress: options.callbackAddress,
  };
}

/** `dataAddress` is given for pull transfers (where the consumer should read). */
export function transferStartMessage(options: Pids & { dataAddress?: DataAddress }): TransferStartMessage {
  return {
    '@context': context(),
    '@type': 'TransferStartMessage',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    ...(options.dataAddress === undefined ? {} : { dataAddress: options.dataAddress }),
  };
}

export function transferSuspensionMessage(options: Pids & CodeAndReason): TransferSuspensionMessage {
  return {
    '@context': context(),
    '@type': 'TransferSuspensionMessage',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    ...codeAndReason(options),
  };
}

export function transferCompletionMessage(options: Pids): TransferCompletionMessage {
  return {
    '@context': context(),
    '@type': 'TransferCompletionMessage',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
  };
}

export function transferTerminationMessage(options: Pids & CodeAndReason): TransferTerminationMessage {
  return {
    '@context': context(),
    '@type': 'TransferTerminationMessage',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    ...codeAndReason(options),
  };
}

export function transferProcess(options: Pids & { state: TransferState }): TransferProcess {
  return {
    '@context': context(),
    '@type': 'TransferProcess',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    state: options.state,
  };
}

export function transferError(options: Pids & CodeAndReason): TransferError {
  return {
    '@context': context(),
    '@type': 'TransferError',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    ...codeAndReason(options),
  };
}

/** An HTTP data address with optional endpoint properties (for instance `authorization`). */
export function httpDataAddress(options: {
  endpoint: string;
  properties?: Record<string, string>;
}): DataAddress {
  const entries = Object.entries(options.properties ?? {});
  return {
    '@type': 'DataAddress',
    endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
    endpoint: options.endpoint,
    ...(entries.length === 0
      ? {}
      : {
          endpointProperties: entries.map(([name, value]) => ({
            '@type': 'EndpointProperty' as const,
            name,
            value,
          })),
        }),
  };
}
