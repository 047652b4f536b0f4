/**
 * The lineage graph of a version as W3C PROV-O in JSON-LD: the versions it was derived from (recursively), the
 * versions derived from it, the activities that generated them with their times and agents, and the earlier
 * version of the same artefact each one revised. Bounded in depth and size so a long history answers quickly.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/metadata/database.ts';
import { FOEDERA_NS } from '../catalog/dsp-terms.ts';
import { labelText } from './derive.ts';
import type { StoredActivity, StoredVersion } from './model.ts';
import { derivedFrom, getActivities, getVersions } from './store/version-repository.ts';

export const PROV_CONTEXT = {
  prov: 'http://www.w3.org/ns/prov#',
  dct: 'http://purl.org/dc/terms/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  foedera: FOEDERA_NS,
} as const;

type Ref = { '@id': string };
type Typed = { '@value': string; '@type': 'xsd:dateTime' };

export type ProvEntity = {
  '@id': string;
  '@type': ['prov:Entity', string];
  'dct:isVersionOf': Ref;
  'dct:title': string;
  'prov:wasAttributedTo': Ref;
  'prov:generatedAtTime': Typed;
  'prov:wasGeneratedBy'?: Ref;
  'prov:wasDerivedFrom'?: Ref[];
  'prov:wasRevisionOf'?: Ref;
  'foedera:confidentialityLabel': { '@type': '@json'; '@value': StoredVersion['label'] };
  'foedera:classification': string;
  /** False for a version held by another node, known here only as an input. */
  'foedera:local': boolean;
};

export type ProvActivity = {
  '@id': string;
  '@type': 'prov:Activity';
  'foedera:activityType': string;
  'prov:startedAtTime': Typed;
  'prov:endedAtTime': Typed;
  'prov:wasAssociatedWith': Ref;
  'prov:used': Ref[];
};

export type ProvAgent = { '@id': string; '@type': 'prov:Agent' };

export type LineageGraph = {
  '@context': typeof PROV_CONTEXT;
  /** The version the graph was asked for. */
  'foedera:focus': Ref;
  '@graph': (ProvEntity | ProvActivity | ProvAgent)[];
  /** True when the depth or size bound cut the graph. */
  'foedera:truncated': boolean;
};

const at = (value: string): Typed => ({ '@value': value, '@type': 'xsd:dateTime' });
const participantIri = (id: string) => (id.includes(':') ? id : `urn:foedera:participant:${id}`);

function entity(version: StoredVersion, inputs: readonly string[] | undefined): ProvEntity {
  return {
    '@id': version.id,
    '@type': ['prov:Entity', `foedera:${version.kind[0]?.toUpperCase()}${version.kind.slice(1)}Version`],
    'dct:isVersionOf': { '@id': version.artefact },
    'dct:title': version.title,
    'prov:wasAttributedTo': { '@id': participantIri(version.participant) },
    'prov:generatedAtTime': at(version.recordedAt),
    ...(version.activity === undefined ? {} : { 'prov:wasGeneratedBy': { '@id': version.activity } }),
    ...(inputs === undefined || inputs.length === 0
      ? {}
      : { 'prov:wasDerivedFrom': inputs.map((id) => ({ '@id': id })) }),
    ...(version.previous === undefined ? {} : { 'prov:wasRevisionOf': { '@id': version.previous } }),
    'foedera:confidentialityLabel': { '@type': '@json', '@value': version.label },
    'foedera:classification': labelText(version.label),
    'foedera:local': version.local,
  };
}

function activityNode(activity: StoredActivity): ProvActivity {
  return {
    '@id': activity.id,
    '@type': 'prov:Activity',
    'foedera:activityType': activity.type,
    'prov:startedAtTime': at(activity.startedAt),
    'prov:endedAtTime': at(activity.endedAt),
    'prov:wasAssociatedWith': { '@id': activity.agent },
    'prov:used': activity.used.map((id) => ({ '@id': id })),
  };
}

export async function lineageGraph(
  db: Kysely<Database>,
  focus: StoredVersion,
  options: { depth?: number; maxNodes?: number } = {},
): Promise<LineageGraph> {
  const depth = options.depth ?? 16;
  const maxNodes = options.maxNodes ?? 500;
  const versions = new Map<string, StoredVersion>([[focus.id, focus]]);
  const activities = new Map<string, StoredActivity>();
  let truncated = false;

  // Upstream: each level's generating activities, then the versions they used.
  let frontier = [focus];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const wanted = [
      ...new Set(frontier.flatMap((v) => (v.activity === undefined ? [] : [v.activity]))),
    ].filter((id) => !activities.has(id));
    const found = await getActivities(db, wanted);
    for (const a of found) activities.set(a.id, a);
    const inputs = [...new Set(found.flatMap((a) => a.used))].filter((id) => !versions.has(id));
    frontier = await getVersions(db, inputs);
    for (const v of frontier) versions.set(v.id, v);
    if (versions.size > maxNodes) {
      truncated = true;
      break;
    }
  }
  if (frontier.length > 0 && !truncated) truncated = frontier.some((v) => v.activity !== undefined);

  // Downstream: versions derived from the focus, and from those.
  let below = [focus.id];
  for (let level = 0; level < depth && below.length > 0 && versions.size <= maxNodes; level++) {
    const next = (await derivedFrom(db, below)).filter((v) => !versions.has(v.id));
    for (const v of next) versions.set(v.id, v);
    const missing = [...new Set(next.flatMap((v) => (v.activity === undefined ? [] : [v.activity])))];
    for (const a of await getActivities(db, missing)) activities.set(a.id, a);
    below = next.map((v) => v.id);
  }
  if (versions.size > maxNodes) truncated = true;

  // An activity may have used versions outside the bound: show them as references only if present.
  const agents = new Set([...activities.values()].map((a) => a.agent));
  const graph: LineageGraph['@graph'] = [
    ...[...versions.values()].map((v) =>
      entity(v, v.activity === undefined ? undefined : activities.get(v.activity)?.used),
    ),
    ...[...activities.values()].map(activityNode),
    ...[...agents].sort().map((id): ProvAgent => ({ '@id': id, '@type': 'prov:Agent' })),
  ];
  return {
    '@context': PROV_CONTEXT,
    'foedera:focus': { '@id': focus.id },
    '@graph': graph,
    'foedera:truncated': truncated,
  };
}
