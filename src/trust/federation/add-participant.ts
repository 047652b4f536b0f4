/** `foedera participant add`: issues a certificate for a new participant and creates its home. */
import { access } from 'node:fs/promises';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import type { CaMaterial } from '../certificates.ts';
import { countryOfParticipant, type Country } from '../countries.ts';
import { withCaLock } from './ca-lock.ts';
import { federationFiles } from './layout.ts';
import { loadCa } from './load-ca.ts';
import { createParticipantHome } from './participant-home.ts';
import { activeEntry, readRegister, writeRegister, type Register, type RegisterEntry } from './register.ts';

/** A participant identifier and, for one that is not a nation nor a known organisation, its country. */
export type ParticipantSpec = { id: string; country?: string };

const ID_PATTERN = /^[A-Z][A-Z0-9-]{1,31}$/;

/** Parses `FRA,DEU,EDA,ACME=DEU` as the `--participants` flag gives it. */
export function parseParticipantSpecs(text: string): ParticipantSpec[] {
  const specs = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item): ParticipantSpec => {
      const [id = '', country] = item.split('=');
      return country === undefined ? { id } : { id, country };
    });
  if (specs.length === 0)
    throw new InvalidInputError('participants', 'Cannot read --participants: no participant given');
  return specs;
}

/** Checks a participant's identifier and resolves its country; throws before anything is written. */
export function checkSpec(spec: ParticipantSpec): Country {
  if (!ID_PATTERN.test(spec.id)) {
    throw new InvalidInputError(
      'participants',
      `Invalid participant identifier "${spec.id}": expected e.g. FRA or EDA`,
    );
  }
  const country = countryOfParticipant(spec.id, spec.country);
  if (country === undefined) {
    const what =
      spec.country === undefined ? `no known country for "${spec.id}"` : `unknown country "${spec.country}"`;
    throw new InvalidInputError(
      'participants',
      `Cannot add participant "${spec.id}": ${what} (write ${spec.id}=DEU)`,
    );
  }
  return country;
}

export async function addParticipantTo(options: {
  dir: string;
  ca: CaMaterial;
  register: Register;
  spec: ParticipantSpec;
  now: Date;
  listenHost: string;
  ports: { protocol: number; management: number };
}): Promise<RegisterEntry> {
  const { spec, register } = options;
  if (!ID_PATTERN.test(spec.id)) {
    throw new InvalidInputError(
      'participants',
      `Invalid participant identifier "${spec.id}": expected e.g. FRA or EDA`,
    );
  }
  const country = countryOfParticipant(spec.id, spec.country);
  if (country === undefined) {
    const what =
      spec.country === undefined ? `no known country for "${spec.id}"` : `unknown country "${spec.country}"`;
    throw new InvalidInputError(
      'participants',
      `Cannot add participant "${spec.id}": ${what} (write ${spec.id}=DEU)`,
    );
  }
  if (register.certificates.some((e) => e.participantId === spec.id)) {
    throw new FoederaError(
      'conflict',
      `Cannot add participant "${spec.id}": already in the federation register`,
    );
  }
  const home = federationFiles(options.dir).home(spec.id);
  if (
    await access(home).then(
      () => true,
      () => false,
    )
  ) {
    throw new FoederaError('conflict', `Cannot add participant "${spec.id}": "${home}" already exists`);
  }
  const entry = await createParticipantHome({
    home,
    participantId: spec.id,
    country,
    federation: register.federation,
    ca: options.ca,
    now: options.now,
    listenHost: options.listenHost,
    ports: options.ports,
  });
  register.certificates.push(entry);
  return entry;
}

export async function addParticipant(options: {
  dir: string;
  spec: ParticipantSpec;
  now: Date;
  listenHost?: string;
  ports?: { protocol: number; management: number };
}): Promise<RegisterEntry> {
  const files = federationFiles(options.dir);
  const ca = await loadCa(options.dir);
  return withCaLock(files.lock, async () => {
    const register = await readRegister(files.register);
    const entry = await addParticipantTo({
      dir: options.dir,
      ca,
      register,
      spec: options.spec,
      now: options.now,
      listenHost: options.listenHost ?? '127.0.0.1',
      ports: options.ports ?? { protocol: 0, management: 0 },
    });
    await writeRegister(files.register, register);
    return entry;
  });
}

export { activeEntry };
