/**
 * The vocabularies a Foedera policy may use, and how compacted JSON-LD names resolve to full IRIs.
 *
 * Policies travel compacted with the Dataspace Protocol 2025-1 context, where `action`, `leftOperand` and `operator`
 * are `@vocab`-typed: a bare ODRL term (`use`, `dateTime`, `lteq`) stands for its ODRL IRI. Foedera's own terms live
 * under {@link FOEDERA_ODRL} and are written `foedera:<term>` (a prefix a sender declares in its `@context`) or in full.
 */
export const ODRL = 'http://www.w3.org/ns/odrl/2/';
/** Foedera's ODRL profile namespace: the one IRI under which its left operands, actions and duties are defined. */
export const FOEDERA_ODRL = 'https://w3id.org/foedera/odrl#';
/** The profile IRI a Foedera policy may declare in `profile`. */
export const FOEDERA_PROFILE = 'https://w3id.org/foedera/odrl';
/** The Dataspace Protocol's own ODRL profile, which adds nothing the evaluator must understand. */
export const DSP_PROFILE = 'https://w3id.org/dspace/2025/1/odrl-profile';

const PREFIXES: Readonly<Record<string, string>> = {
  odrl: ODRL,
  foedera: FOEDERA_ODRL,
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

/**
 * Expands a compacted term to an IRI. A bare term is taken as an ODRL term (the DSP context maps them so); a CURIE
 * with a known prefix is expanded; anything containing `:` is otherwise kept as an absolute IRI. The evaluator then
 * looks the IRI up in its vocabulary, so a term it does not know stays visible (and denies) instead of being guessed.
 */
export function expandTerm(term: string): string {
  const colon = term.indexOf(':');
  if (colon < 0) return ODRL + term;
  const prefix = PREFIXES[term.slice(0, colon)];
  if (prefix !== undefined && !term.startsWith('//', colon + 1)) return prefix + term.slice(colon + 1);
  return term;
}

/** The short, human form of an IRI for messages: `odrl:use`, `foedera:compute`. */
export function compactIri(iri: string): string {
  if (iri.startsWith(ODRL)) return iri.slice(ODRL.length);
  if (iri.startsWith(FOEDERA_ODRL)) return `foedera:${iri.slice(FOEDERA_ODRL.length)}`;
  return iri;
}
