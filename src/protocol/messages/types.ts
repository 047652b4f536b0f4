import type { AGREEMENT_SIGNATURE } from './extensions.ts';
import type { Agreement, CatalogOffer, MessageOffer } from './odrl.ts';

export const DSP_CONTEXT_URL = 'https://w3id.org/dspace/2025/1/context.jsonld';
export const DSP_VERSION = '2025-1';

type Context = { '@context': string[] };
type Pids = { providerPid: string; consumerPid: string };
type CodeAndReason = { code?: string; reason?: unknown[] };

export type NegotiationState =
  'REQUESTED' | 'OFFERED' | 'ACCEPTED' | 'AGREED' | 'VERIFIED' | 'FINALIZED' | 'TERMINATED';
export type TransferState = 'REQUESTED' | 'STARTED' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';

// Catalog
export type DataService = {
  '@id': string;
  '@type': 'DataService';
  endpointURL: string;
  [term: string]: unknown;
};
export type Distribution = {
  '@type'?: 'Distribution';
  format: string;
  accessService: string | DataService;
  hasPolicy?: CatalogOffer[];
  [term: string]: unknown;
};
export type DatasetBody = {
  '@id': string;
  '@type'?: 'Dataset';
  hasPolicy: CatalogOffer[];
  distribution: Distribution[];
  [term: string]: unknown;
};
export type Dataset = Context & DatasetBody;
export type CatalogBody = {
  '@id': string;
  '@type': 'Catalog';
  dataset?: DatasetBody[];
  catalog?: CatalogBody[];
  service?: DataService[];
  distribution?: Distribution[];
  [term: string]: unknown;
};
export type Catalog = Context & CatalogBody & { participantId: string };
export type CatalogRequestMessage = Context & { '@type': 'CatalogRequestMessage'; filter?: unknown[] };
export type DatasetRequestMessage = Context & { '@type': 'DatasetRequestMessage'; dataset: string };
export type CatalogError = Context & { '@type': 'CatalogError' } & CodeAndReason;

// Contract negotiation
export type ContractRequestMessage = Context & {
  '@type': 'ContractRequestMessage';
  consumerPid: string;
  providerPid?: string;
  offer: MessageOffer;
  callbackAddress?: string;
};
export type ContractOfferMessage = Context & {
  '@type': 'ContractOfferMessage';
  providerPid: string;
  consumerPid?: string;
  offer: MessageOffer & { target: string };
  callbackAddress?: string;
};
export type ContractAgreementMessage = Context &
  Pids & {
    '@type': 'ContractAgreementMessage';
    agreement: Agreement;
    [AGREEMENT_SIGNATURE]?: string;
  };
export type ContractAgreementVerificationMessage = Context &
  Pids & { '@type': 'ContractAgreementVerificationMessage'; [AGREEMENT_SIGNATURE]?: string };
export type ContractNegotiationEventType = 'ACCEPTED' | 'FINALIZED';
export type ContractNegotiationEventMessage = Context &
  Pids & { '@type': 'ContractNegotiationEventMessage'; eventType: ContractNegotiationEventType };
export type ContractNegotiationTerminationMessage = Context &
  Pids &
  CodeAndReason & { '@type': 'ContractNegotiationTerminationMessage' };
export type ContractNegotiation = Context &
  Pids & { '@type': 'ContractNegotiation'; state: NegotiationState };
export type ContractNegotiationError = Context &
  Pids &
  CodeAndReason & { '@type': 'ContractNegotiationError' };

// Transfer process
export type EndpointProperty = { '@type': 'EndpointProperty'; name: string; value: string };
export type DataAddress = {
  '@type': 'DataAddress';
  endpointType: string;
  endpoint?: string;
  endpointProperties?: EndpointProperty[];
};
export type TransferRequestMessage = Context & {
  '@type': 'TransferRequestMessage';
  consumerPid: string;
  agreementId: string;
  format: string;
  dataAddress?: DataAddress;
  callbackAddress: string;
};
export type TransferStartMessage = Context &
  Pids & { '@type': 'TransferStartMessage'; dataAddress?: DataAddress };
export type TransferSuspensionMessage = Context &
  Pids &
  CodeAndReason & { '@type': 'TransferSuspensionMessage' };
export type TransferCompletionMessage = Context & Pids & { '@type': 'TransferCompletionMessage' };
export type TransferTerminationMessage = Context &
  Pids &
  CodeAndReason & { '@type': 'TransferTerminationMessage' };
export type TransferProcess = Context & Pids & { '@type': 'TransferProcess'; state: TransferState };
export type TransferError = Context & Pids & CodeAndReason & { '@type': 'TransferError' };

// Version metadata (`/.well-known/dspace-version`)
export type ProtocolVersion = {
  version: string;
  path: string;
  binding: 'HTTPS';
  identifierType?: string;
  serviceId?: string;
  auth?: { protocol: string; version: string; profile?: string[] };
};
export type VersionResponse = { protocolVersions: ProtocolVersion[] };

export type NegotiationMessage =
  | ContractRequestMessage
  | ContractOfferMessage
  | ContractAgreementMessage
  | ContractAgreementVerificationMessage
  | ContractNegotiationEventMessage
  | ContractNegotiationTerminationMessage;

export type TransferMessage =
  | TransferRequestMessage
  | TransferStartMessage
  | TransferSuspensionMessage
  | TransferCompletionMessage
  | TransferTerminationMessage;

/** The TypeScript type of each document `validateDspMessage` knows. */
export type DspDocumentMap = {
  CatalogRequestMessage: CatalogRequestMessage;
  DatasetRequestMessage: DatasetRequestMessage;
  Catalog: Catalog;
  Dataset: Dataset;
  CatalogError: CatalogError;
  ContractRequestMessage: ContractRequestMessage;
  ContractOfferMessage: ContractOfferMessage;
  ContractAgreementMessage: ContractAgreementMessage;
  ContractAgreementVerificationMessage: ContractAgreementVerificationMessage;
  ContractNegotiationEventMessage: ContractNegotiationEventMessage;
  ContractNegotiationTerminationMessage: ContractNegotiationTerminationMessage;
  ContractNegotiation: ContractNegotiation;
  ContractNegotiationError: ContractNegotiationError;
  TransferRequestMessage: TransferRequestMessage;
  TransferStartMessage: TransferStartMessage;
  TransferSuspensionMessage: TransferSuspensionMessage;
  TransferCompletionMessage: TransferCompletionMessage;
  TransferTerminationMessage: TransferTerminationMessage;
  TransferProcess: TransferProcess;
  TransferError: TransferError;
  VersionResponse: VersionResponse;
  DidService: Record<string, unknown>;
};
