/**
 * Participants are identified by a short code. A nation uses its ISO 3166-1 alpha-3 code (FRA); an organisation
 * uses its acronym (EDA) and is attached to a "country" for X.509 purposes. Certificates carry the alpha-2 code in
 * the subject (X.520 countryName is two letters) and the alpha-3 code in a SAN URI, because labels use alpha-3.
 * The EU has no ISO alpha-3 code; "EUE" is the code ICAO Doc 9303 assigns it, "EU" is ISO's reserved alpha-2.
 */
export type Country = { readonly alpha2: string; readonly alpha3: string };

const EU: Country = { alpha2: 'EU', alpha3: 'EUE' };

/** EU and NATO member states, plus the EU itself. */
const NATIONS: Readonly<Record<string, string>> = {
  ALB: 'AL',
  AUT: 'AT',
  BEL: 'BE',
  BGR: 'BG',
  CAN: 'CA',
  HRV: 'HR',
  CYP: 'CY',
  CZE: 'CZ',
  DNK: 'DK',
  EST: 'EE',
  FIN: 'FI',
  FRA: 'FR',
  DEU: 'DE',
  GRC: 'GR',
  HUN: 'HU',
  ISL: 'IS',
  IRL: 'IE',
  ITA: 'IT',
  LVA: 'LV',
  LTU: 'LT',
  LUX: 'LU',
  MLT: 'MT',
  MNE: 'ME',
  NLD: 'NL',
  MKD: 'MK',
  NOR: 'NO',
  POL: 'PL',
  PRT: 'PT',
  ROU: 'RO',
  SVK: 'SK',
  SVN: 'SI',
  ESP: 'ES',
  SWE: 'SE',
  TUR: 'TR',
  GBR: 'GB',
  USA: 'US',
  CHE: 'CH',
  UKR: 'UA',
  EUE: 'EU',
};

/** Organisations that take part as participants without being a nation, with the country they answer to. */
const ORGANISATIONS: Readonly<Record<string, Country>> = {
  EDA: EU, // European Defence Agency
  EEAS: EU, // European External Action Service
  EUMS: EU, // EU Military Staff
  SATCEN: EU, // EU Satellite Centre
};

export function countryOfAlpha3(alpha3: string): Country | undefined {
  const alpha2 = NATIONS[alpha3];
  return alpha2 === undefined ? undefined : { alpha2, alpha3 };
}

export function countryOfAlpha2(alpha2: string): Country | undefined {
  const entry = Object.entries(NATIONS).find(([, a2]) => a2 === alpha2);
  return entry === undefined ? undefined : { alpha2, alpha3: entry[0] };
}

/**
 * The country of a participant: its own code when it is a nation, the table's entry for a known organisation,
 * or the explicit `country` (alpha-2 or alpha-3) given by the operator (`--participants ACME=DEU`).
 */
export function countryOfParticipant(participantId: string, explicit?: string): Country | undefined {
  if (explicit !== undefined) {
    return explicit.length === 2 ? countryOfAlpha2(explicit) : countryOfAlpha3(explicit);
  }
  return countryOfAlpha3(participantId) ?? ORGANISATIONS[participantId];
}
