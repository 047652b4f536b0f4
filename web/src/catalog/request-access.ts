/**
 * The body of `POST /v1/negotiations` for one offer of a dataset found in the federated catalog: the publisher as a
 * participant id, its DSP address when the peer book has one (else the node takes the one the publisher's catalog
 * named when the federated catalog fetched it), and the catalog's offer with the dataset as its target (a
 * catalog carries offers without a target; the contract request names it). When the offer permits named purposes,
 * the request declares the one the user chose as `purpose eq "…"`, which the provider decides on.
 */
import type { paths } from '../api/schema.d.ts';
import type { CatalogItem } from '../api/resources.ts';
import { participantName } from '../labels/marking.ts';
import type { PeerBook } from '../peers/peer-book.ts';

export type StartNegotiation =
  paths['/v1/negotiations']['post']['requestBody']['content']['application/json'];

export type AccessRequest =
  { readonly ok: true; readonly body: StartNegotiation } | { readonly ok: false; readonly reason: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPurpose = (c: unknown): c is Json =>
  obj(c) && typeof c.leftOperand === 'string' && /^(odrl:)?purpose$|\/purpose$/.test(c.leftOperand);
const permissions = (offer: unknown): unknown[] => {
  if (!obj(offer)) return [];
  const p = offer.permission;
  return Array.isArray(p) ? p : p === undefined ? [] : [p];
};

/** The participant that publishes `item`: the peer whose catalog listed it, else the dataset's publisher. */
export const providerOf = (item: Pick<CatalogItem, 'peer' | 'publisher'>): string =>
  item.peer ?? participantName(item.publisher);

/** The purposes an offer permits by name (`purpose isAnyOf [...]` or `eq`), in order, without repeats. */
export function offerPurposes(offer: unknown): string[] {
  const found = permissions(offer).flatMap((p) =>
    obj(p) && Array.isArray(p.constraint)
      ? p.constraint.filter(isPurpose).flatMap((c) => {
          const right = c.rightOperand;
          return (Array.isArray(right) ? right : [right]).filter((v): v is string => typeof v === 'string');
        })
      : [],
  );
  return [...new Set(found)];
}

/** The offer as asked for: each purpose constraint narrowed to the one purpose declared. */
function declaring(offer: Json, purpose: string): Json {
  return {
    ...offer,
    permission: permissions(offer).map((p) =>
      obj(p) && Array.isArray(p.constraint)
        ? {
            ...p,
            constraint: p.constraint.map((c) =>
              isPurpose(c) ? { leftOperand: c.leftOperand, operator: 'eq', rightOperand: purpose } : c,
            ),
          }
        : p,
    ),
  };
}

export function accessRequest(options: {
  item: CatalogItem;
  offerId: string;
  peers: PeerBook;
  purpose?: string;
}): AccessRequest {
  const { item, offerId, peers, purpose } = options;
  const provider = providerOf(item);
  if (item.peer === undefined)
    return { ok: false, reason: 'This node publishes the dataset itself: there is nothing to negotiate' };
  const providerAddress = peers[provider];
  const offer = item.offers.find((o) => o.id === offerId);
  if (offer === undefined) return { ok: false, reason: `The dataset has no offer "${offerId}"` };
  const purposes = offerPurposes(offer.policy);
  if (purposes.length > 0 && (purpose === undefined || !purposes.includes(purpose)))
    return { ok: false, reason: `Choose the purpose of your use: ${purposes.join(', ')}` };
  const policy = obj(offer.policy) ? offer.policy : {};
  const asked = purpose === undefined ? policy : declaring(policy, purpose);
  return {
    ok: true,
    body: {
      provider,
      ...(providerAddress === undefined ? {} : { providerAddress }),
      offer: { ...asked, '@type': 'Offer', '@id': offer.id, target: item.id },
    },
  };
}
