/**
 * The local identity provider's user directory, `HOME/idp/users.json` (0600). It belongs to the identity provider,
 * not to the node: the node never reads it, it only verifies the tokens the provider signs (see decision 0006).
 */
import { readFile } from 'node:fs/promises';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { InvalidInputError } from '../../shared/errors.ts';
import { writeFileAtomic } from '../federation/write-atomic.ts';
import { UserAttributesSchema } from './claims.ts';

export const UserIdSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' });

const UserDirectorySchema = Type.Object(
  { users: Type.Record(Type.String(), UserAttributesSchema) },
  { additionalProperties: false },
);
export type UserDirectory = Static<typeof UserDirectorySchema>;

export const emptyUserDirectory = (): UserDirectory => ({ users: {} });

export async function readUserDirectory(file: string): Promise<UserDirectory> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new InvalidInputError(file, `Cannot read user directory "${file}": ${(cause as Error).message}`, {
      cause,
    });
  }
  const first = Value.Errors(UserDirectorySchema, json).find((e) => e.keyword !== 'boolean');
  if (first !== undefined) {
    const field = first.instancePath.split('/').filter(Boolean).join('.') || '(root)';
    throw new InvalidInputError(field, `Invalid user directory "${file}": field "${field}" ${first.message}`);
  }
  return json as UserDirectory;
}

export function writeUserDirectory(file: string, directory: UserDirectory): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(directory, null, 2) + '\n', 0o600);
}
