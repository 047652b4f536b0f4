/**
 * Foedera's extension terms in DSP messages. The DSP 2025-1 context is protected and the schemas accept only string
 * contexts, so an extension is written under its full IRI; the schemas leave messages open to further properties.
 */
export const FOEDERA_NS = 'https://w3id.org/foedera/ns#';

/**
 * A node's compact JWS over the RFC 8785 form of the agreement (`agreement-signature.ts`): the provider's in its
 * `ContractAgreementMessage`, the consumer's in its `ContractAgreementVerificationMessage`.
 */
export const AGREEMENT_SIGNATURE = `${FOEDERA_NS}agreementSignature` as const;

/** The extension signature a message carries, if it carries one as a string. */
export function signatureIn(message: object): string | undefined {
  const value = (message as Record<string, unknown>)[AGREEMENT_SIGNATURE];
  return typeof value === 'string' ? value : undefined;
}
