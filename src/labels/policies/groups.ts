import type { CountryGroup } from '../policy.ts';

/**
 * Group codes usable as `Releasable To` values. They are not three letters, so they never collide with an ISO 3166-1
 * alpha-3 code. Membership is as of 2026; a change of membership is a change of this data.
 */
export const NATO_GROUP: CountryGroup = {
  code: 'NATO',
  source: 'NATO, "NATO member countries" (32 Allies since 7 March 2024)',
  // "NATO" itself stands for NATO bodies (International Staff, agencies), whose subjects carry nationality "NATO".
  // prettier-ignore
  members: [
    'ALB', 'BEL', 'BGR', 'CAN', 'HRV', 'CZE', 'DNK', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'ISL', 'ITA', 'LVA',
    'LTU', 'LUX', 'MNE', 'NLD', 'MKD', 'NOR', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE', 'TUR', 'GBR', 'USA',
    'NATO',
  ],
};

export const EU_GROUP: CountryGroup = {
  code: 'EU',
  source: 'Treaty on European Union, Art. 52 (27 Member States since 1 February 2020)',
  // "EUE" (the ICAO Doc 9303 code for the EU, as src/trust/countries.ts uses it) stands for EU institutions and bodies such as the EDA.
  // prettier-ignore
  members: [
    'AUT', 'BEL', 'BGR', 'HRV', 'CYP', 'CZE', 'DNK', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'IRL', 'ITA', 'LVA',
    'LTU', 'LUX', 'MLT', 'NLD', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE', 'EUE',
  ],
};

export const DEFAULT_GROUPS: readonly CountryGroup[] = [NATO_GROUP, EU_GROUP];
