/**
 * Where this node's peers listen (their Dataspace Protocol base, `https://host:port/dsp`), as this browser knows it:
 * handed over by a login link (`#token=…&peers=DEU=https://…/dsp,EDA=…`) or entered on the catalog screen. A
 * negotiation or transfer is addressed to the publisher at this address. Stored by peer-storage.ts.
 */
export type PeerBook = Readonly<Record<string, string>>;

export const PARTICIPANT = /^[A-Z][A-Z0-9-]{1,31}$/;

/** Why `address` cannot be a peer's DSP base, or undefined when it can. */
export function addressError(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'Give the peer’s protocol address, e.g. https://deu.example:8443/dsp';
  }
  if (url.protocol !== 'https:')
    return 'Peers speak only HTTPS with mutual TLS: the address starts with https://';
  if (url.search !== '' || url.hash !== '') return 'The address has no query or fragment';
  return undefined;
}

export function participantError(id: string): string | undefined {
  return PARTICIPANT.test(id) ? undefined : 'A participant id is upper case, e.g. DEU or EDA';
}

/** Reads `DEU=https://…/dsp,EDA=https://…/dsp`, keeping only well-formed pairs. */
export function parsePeers(text: string): PeerBook {
  const book: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const id = pair.slice(0, at).trim();
    const address = pair
      .slice(at + 1)
      .trim()
      .replace(/\/+$/, '');
    if (at > 0 && participantError(id) === undefined && addressError(address) === undefined)
      book[id] = address;
  }
  return book;
}
