// The vendored DSP 2025-1 schemas, imported as modules so that nothing is read from disk or network at run time.
import catalogError from '../schemas/dsp-2025-1/catalog/catalog-error-schema.json' with { type: 'json' };
import catalogRequestMessage from '../schemas/dsp-2025-1/catalog/catalog-request-message-schema.json' with { type: 'json' };
import catalog from '../schemas/dsp-2025-1/catalog/catalog-schema.json' with { type: 'json' };
import datasetRequestMessage from '../schemas/dsp-2025-1/catalog/dataset-request-message-schema.json' with { type: 'json' };
import dataset from '../schemas/dsp-2025-1/catalog/dataset-schema.json' with { type: 'json' };
import context from '../schemas/dsp-2025-1/common/context-schema.json' with { type: 'json' };
import didService from '../schemas/dsp-2025-1/common/did-service-schema.json' with { type: 'json' };
import protocolVersion from '../schemas/dsp-2025-1/common/protocol-version-schema.json' with { type: 'json' };
import contractAgreementMessage from '../schemas/dsp-2025-1/negotiation/contract-agreement-message-schema.json' with { type: 'json' };
import contractAgreementVerificationMessage from '../schemas/dsp-2025-1/negotiation/contract-agreement-verification-message-schema.json' with { type: 'json' };
import contractNegotiationError from '../schemas/dsp-2025-1/negotiation/contract-negotiation-error-schema.json' with { type: 'json' };
import contractNegotiationEventMessage from '../schemas/dsp-2025-1/negotiation/contract-negotiation-event-message-schema.json' with { type: 'json' };
import contractNegotiation from '../schemas/dsp-2025-1/negotiation/contract-negotiation-schema.json' with { type: 'json' };
import contractNegotiationTerminationMessage from '../schemas/dsp-2025-1/negotiation/contract-negotiation-termination-message-schema.json' with { type: 'json' };
import contractOfferMessage from '../schemas/dsp-2025-1/negotiation/contract-offer-message-schema.json' with { type: 'json' };
import contractRequestMessage from '../schemas/dsp-2025-1/negotiation/contract-request-message-schema.json' with { type: 'json' };
import contract from '../schemas/dsp-2025-1/negotiation/contract-schema.json' with { type: 'json' };
import dataAddress from '../schemas/dsp-2025-1/transfer/data-address-schema.json' with { type: 'json' };
import transferCompletionMessage from '../schemas/dsp-2025-1/transfer/transfer-completion-message-schema.json' with { type: 'json' };
import transferError from '../schemas/dsp-2025-1/transfer/transfer-error-schema.json' with { type: 'json' };
import transferProcess from '../schemas/dsp-2025-1/transfer/transfer-process-schema.json' with { type: 'json' };
import transferRequestMessage from '../schemas/dsp-2025-1/transfer/transfer-request-message-schema.json' with { type: 'json' };
import transfer from '../schemas/dsp-2025-1/transfer/transfer-schema.json' with { type: 'json' };
import transferStartMessage from '../schemas/dsp-2025-1/transfer/transfer-start-message-schema.json' with { type: 'json' };
import transferSuspensionMessage from '../schemas/dsp-2025-1/transfer/transfer-suspension-message-schema.json' with { type: 'json' };
import transferTerminationMessage from '../schemas/dsp-2025-1/transfer/transfer-termination-message-schema.json' with { type: 'json' };

/** Every schema, including those only reached by `$ref`. */
export const ALL_SCHEMAS: readonly object[] = [
  catalogError,
  catalogRequestMessage,
  catalog,
  datasetRequestMessage,
  dataset,
  context,
  didService,
  protocolVersion,
  contractAgreementMessage,
  contractAgreementVerificationMessage,
  contractNegotiationError,
  contractNegotiationEventMessage,
  contractNegotiation,
  contractNegotiationTerminationMessage,
  contractOfferMessage,
  contractRequestMessage,
  contract,
  dataAddress,
  transferCompletionMessage,
  transferError,
  transferProcess,
  transferRequestMessage,
  transfer,
  transferStartMessage,
  transferSuspensionMessage,
  transferTerminationMessage,
];
