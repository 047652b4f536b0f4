/** The CA's register of participants: every certificate it issued, and which are revoked. */
import { readFile } from 'node:fs/promises';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { InvalidInputError } from '../../shared/errors.ts';
import { writeFileAtomic } from './write-atomic.ts';

const Entry = Type.Object({
  participantId: Type.String(),
  country: Type.String(),
  countryAlpha3: Type.String(),
  serialNumber: Type.String(),
  issuedAt: Type.String(),
  notAfter: Type.String(),
  revokedAt: Type.Optional(Type.String()),
  /** The node's protocol URL, where `foedera participant revoke` pushes new revocation lists. */
  endpoint: Type.Optional(Type.String({ pattern: '^https://' })),
});

const RegisterSchema = Type.Object({
  federation: Type.String({ minLength: 1 }),
  createdAt: Type.String(),
  certificates: Type.Array(Entry),
});

export type RegisterEntry = Static<typeof Entry>;
export type Register = Static<typeof RegisterSchema>;

export async function readRegister(file: string): Promise<Register> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new InvalidInputError(
      file,
      `Cannot read federation register "${file}": ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const first = Value.Errors(RegisterSchema, json)[0];
  if (first !== undefined) {
    throw new InvalidInputError(
      file,
      `Invalid federation register "${file}": ${first.instancePath} ${first.message}`,
    );
  }
  return json as Register;
}

export function writeRegister(file: string, register: Register): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(register, null, 2) + '\n', 0o644);
}

/** The participant's certificate currently in force (the latest one not revoked), if any. */
export function activeEntry(register: Register, participantId: string): RegisterEntry | undefined {
  return register.certificates
    .filter((e) => e.participantId === participantId && e.revokedAt === undefined)
    .at(-1);
}
