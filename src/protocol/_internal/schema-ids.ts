const BASE = 'https://w3id.org/dspace/2025/1';

/** The schema that validates each DSP 2025-1 document, by the document's `@type` (or role, for untyped ones). */
export const SCHEMA_IDS = {
  CatalogRequestMessage: `${BASE}/catalog/catalog-request-message-schema.json`,
  DatasetRequestMessage: `${BASE}/catalog/dataset-request-message-schema.json`,
  Catalog: `${BASE}/catalog/catalog-schema.json`,
  Dataset: `${BASE}/catalog/dataset-schema.json`,
  CatalogError: `${BASE}/catalog/catalog-error-schema.json`,
  ContractRequestMessage: `${BASE}/negotiation/contract-request-message-schema.json`,
  ContractOfferMessage: `${BASE}/negotiation/contract-offer-message-schema.json`,
  ContractAgreementMessage: `${BASE}/negotiation/contract-agreement-message-schema.json`,
  ContractAgreementVerificationMessage: `${BASE}/negotiation/contract-agreement-verification-message-schema.json`,
  ContractNegotiationEventMessage: `${BASE}/negotiation/contract-negotiation-event-message-schema.json`,
  ContractNegotiationTerminationMessage: `${BASE}/negotiation/contract-negotiation-termination-message-schema.json`,
  ContractNegotiation: `${BASE}/negotiation/contract-negotiation-schema.json`,
  ContractNegotiationError: `${BASE}/negotiation/contract-negotiation-error-schema.json`,
  TransferRequestMessage: `${BASE}/transfer/transfer-request-message-schema.json`,
  TransferStartMessage: `${BASE}/transfer/transfer-start-message-schema.json`,
  TransferSuspensionMessage: `${BASE}/transfer/transfer-suspension-message-schema.json`,
  TransferCompletionMessage: `${BASE}/transfer/transfer-completion-message-schema.json`,
  TransferTerminationMessage: `${BASE}/transfer/transfer-termination-message-schema.json`,
  TransferProcess: `${BASE}/transfer/transfer-process-schema.json`,
  TransferError: `${BASE}/transfer/transfer-error-schema.json`,
  VersionResponse: `${BASE}/common/protocol-version-schema.json`,
  DidService: `${BASE}/common/did-service-schema.json`,
} as const;

export type DspDocumentType = keyof typeof SCHEMA_IDS;
