import type { EquivalenceRank, PolicyDefinition } from '../policy.ts';
import { FOEDERA_CATEGORIES } from './foedera-categories.ts';

/**
 * National policies of EU Member States. Unless said otherwise, level names and their equivalence with the EU levels
 * are those of the table "Equivalence of security classifications" in Annex I to Council Decision 2013/488/EU
 * (OJ L 274, 15.10.2013, p. 1); the equivalence with NATO follows through the EU-NATO Security of Information
 * Agreement (see eu-nato.ts). The rank is the column of the table: 1 RESTREINT UE, 2 CONFIDENTIEL UE, 3 SECRET UE,
 * 4 TRES SECRET UE. "UNCLASSIFIED" (rank 0, no clearance) is Foedera's mark for unclassified data under each policy.
 */
const ANNEX_I = 'Council Decision 2013/488/EU, Annex I (equivalence of security classifications)';

type NationalLevels = readonly (readonly [name: string, equivalent: Exclude<EquivalenceRank, 0>])[];

function national(options: {
  id: string;
  name: string;
  authority: string;
  source: string;
  levels: NationalLevels;
}): PolicyDefinition {
  return {
    id: options.id,
    name: options.name,
    authority: options.authority,
    source: options.source,
    levels: [
      { name: 'UNCLASSIFIED', equivalent: 0, clearanceRequired: false },
      ...options.levels.map(([name, equivalent]) => ({ name, equivalent, clearanceRequired: true })),
    ],
    categories: FOEDERA_CATEGORIES,
  };
}

export const FRA_POLICY = national({
  id: 'FRA',
  name: 'Protection du secret de la défense nationale',
  authority: 'Secrétariat général de la défense et de la sécurité nationale (SGDSN)',
  // Since 1 July 2021 France has two levels (the former CONFIDENTIEL DÉFENSE was abolished) and protects RESTREINT UE
  // / NATO RESTRICTED under its DIFFUSION RESTREINTE mention (Annex I, footnote for France). France protects information
  // classified CONFIDENTIEL UE / NATO CONFIDENTIAL at least at the SECRET level: there is no rank-2 level here, and
  // an equivalent label of a rank-2 label under this policy is SECRET (see equivalence.ts).
  source:
    'Instruction générale interministérielle n° 1300 sur la protection du secret de la défense nationale ' +
    '(approved by arrêté of 9 August 2021), Code de la défense art. R2311-2; ' +
    ANNEX_I,
  levels: [
    ['DIFFUSION RESTREINTE', 1],
    ['SECRET', 3],
    ['TRÈS SECRET', 4],
  ],
});

export const DEU_POLICY = national({
  id: 'DEU',
  name: 'Verschlusssachenanweisung',
  authority: 'Bundesministerium des Innern',
  source: 'Sicherheitsüberprüfungsgesetz § 4 and VSA (levels); ' + ANNEX_I,
  levels: [
    ['VS-NUR FÜR DEN DIENSTGEBRAUCH', 1],
    ['VS-VERTRAULICH', 2],
    ['GEHEIM', 3],
    ['STRENG GEHEIM', 4],
  ],
});

export const ITA_POLICY = national({
  id: 'ITA',
  name: 'Classifiche di segretezza',
  authority: 'Dipartimento delle informazioni per la sicurezza (UCSe)',
  source: 'Legge 3 agosto 2007 n. 124, art. 42 (levels); ' + ANNEX_I,
  levels: [
    ['RISERVATO', 1],
    ['RISERVATISSIMO', 2],
    ['SEGRETO', 3],
    ['SEGRETISSIMO', 4],
  ],
});

export const ESP_POLICY = national({
  id: 'ESP',
  name: 'Materias clasificadas',
  authority: 'Oficina Nacional de Seguridad (Centro Nacional de Inteligencia)',
  source: 'Ley 9/1968 sobre secretos oficiales (levels); ' + ANNEX_I,
  levels: [
    ['DIFUSIÓN LIMITADA', 1],
    ['CONFIDENCIAL', 2],
    ['RESERVADO', 3],
    ['SECRETO', 4],
  ],
});

export const NLD_POLICY = national({
  id: 'NLD',
  name: 'Voorschrift Informatiebeveiliging Rijksdienst Bijzondere Informatie',
  authority: 'Nationale Veiligheidsautoriteit (AIVD)',
  source: 'VIR-BI 2013 (levels: Stg. = staatsgeheim, Dep. = departementaal); ' + ANNEX_I,
  levels: [
    ['Dep. VERTROUWELIJK', 1],
    ['Stg. CONFIDENTIEEL', 2],
    ['Stg. GEHEIM', 3],
    ['Stg. ZEER GEHEIM', 4],
  ],
});

export const POL_POLICY = national({
  id: 'POL',
  name: 'Ochrona informacji niejawnych',
  authority: 'Agencja Bezpieczeństwa Wewnętrznego',
  source: 'Ustawa z dnia 5 sierpnia 2010 r. o ochronie informacji niejawnych, art. 5 (levels); ' + ANNEX_I,
  levels: [
    ['ZASTRZEŻONE', 1],
    ['POUFNE', 2],
    ['TAJNE', 3],
    ['ŚCIŚLE TAJNE', 4],
  ],
});

export const BEL_POLICY = national({
  id: 'BEL',
  name: 'Classification et habilitations de sécurité',
  authority: 'Autorité nationale de sécurité / Nationale Veiligheidsoverheid',
  // DIFFUSION RESTREINTE/BEPERKTE VERSPREIDING is not a classification under Belgian law; Belgium protects RESTREINT UE
  // information under it (Annex I, footnote for Belgium).
  source: 'Loi du 11 décembre 1998 relative à la classification, art. 4 (levels); ' + ANNEX_I,
  levels: [
    ['DIFFUSION RESTREINTE/BEPERKTE VERSPREIDING', 1],
    ['CONFIDENTIEL/VERTROUWELIJK', 2],
    ['SECRET/GEHEIM', 3],
    ['TRÈS SECRET/ZEER GEHEIM', 4],
  ],
});

export const SWE_POLICY = national({
  id: 'SWE',
  name: 'Säkerhetsskydd',
  authority: 'Säkerhetspolisen / Försvarsmakten (MUST)',
  // Sweden's security classes since 1 April 2019; they replace the HEMLIG/… rows of the 2013 table one for one.
  source: 'Offentlighets- och sekretesslag (2009:400) 15 kap. 2 a § (security classes); ' + ANNEX_I,
  levels: [
    ['BEGRÄNSAT HEMLIG', 1],
    ['KONFIDENTIELL', 2],
    ['HEMLIG', 3],
    ['KVALIFICERAT HEMLIG', 4],
  ],
});

export const NATIONAL_POLICIES: readonly PolicyDefinition[] = [
  FRA_POLICY,
  DEU_POLICY,
  ITA_POLICY,
  ESP_POLICY,
  NLD_POLICY,
  POL_POLICY,
  BEL_POLICY,
  SWE_POLICY,
];
