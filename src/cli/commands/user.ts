/**
 * `foedera user add|list`: the local identity provider's user directory. It works the same whether the node runs or
 * not: the directory belongs to the identity provider, and the node only verifies the tokens it signs. Each change
 * is journalled for the node's audit log (src/trust/tokens/user-journal.ts).
 */
import { defaultPolicyRegistry } from '../../labels/policy-registry.ts';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Value } from 'typebox/value';
import { InvalidInputError } from '../../shared/errors.ts';
import { loadNodeConfig } from '../../node/config/load-config.ts';
import { resolveInHome } from '../../node/read-material.ts';
import { withFileLock } from '../../trust/federation/ca-lock.ts';
import { UserAttributesSchema, type UserAttributes } from '../../trust/tokens/claims.ts';
import { readUserDirectory, UserIdSchema, writeUserDirectory } from '../../trust/tokens/users-file.ts';
import { appendUserJournal, userJournalFile, userJournalRecord } from '../../trust/tokens/user-journal.ts';
import { emit } from '../output/print.ts';
import { collect } from '../parse.ts';

type AddOptions = {
  home: string;
  id: string;
  nationality: string;
  clearance: string[];
  coi: string[];
  role: string[];
  json?: boolean;
};

export function registerUser(program: Command): void {
  const user = program.command('user').description("Manage the users of a node's local identity provider");
  user
    .command('add')
    .description('Add or replace a user and their attributes')
    .requiredOption('--home <dir>', 'participant home')
    .requiredOption('--id <id>', 'user identifier, e.g. alice')
    .requiredOption('--nationality <alpha3>', 'nationality, ISO 3166-1 alpha-3 (FRA)')
    .option(
      '--clearance <policy:level>',
      'clearance per classification policy, repeatable (FRA:SECRET)',
      collect,
      [],
    )
    .option('--coi <name>', 'community of interest, repeatable', collect, [])
    .option('--role <name>', 'role, repeatable (analyst, data-steward, operator)', collect, [])
    .option('--json', 'print the saved user and attributes as JSON on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ foedera user add --home fed/FRA --id alice --nationality FRA --clearance FRA:SECRET --role analyst --json\n',
    )
    .action(async (options: AddOptions) => {
      const home = resolve(options.home);
      if (!Value.Check(UserIdSchema, options.id)) {
        throw new InvalidInputError(
          'id',
          `Invalid --id "${options.id}": lower-case letters, digits, . _ - only`,
        );
      }
      const attributes = userAttributes(options);
      const file = await usersFile(home);
      await withFileLock(`${file}.lock`, async () => {
        const directory = await readUserDirectory(file);
        const action = directory.users[options.id] === undefined ? 'added' : 'changed';
        // Journal first: the node carries the record into its audit log (see user-journal.ts for why).
        await appendUserJournal(
          userJournalFile(file),
          userJournalRecord({ action, user: options.id, attributes, now: new Date() }),
        );
        directory.users[options.id] = attributes;
        await writeUserDirectory(file, directory);
      });
      emit(options, { id: options.id, file, attributes }, (u) => `User ${u.id} saved in ${u.file}`);
    });
  user
    .command('list')
    .description('List users and their attributes')
    .requiredOption('--home <dir>', 'participant home')
    .option('--json', 'print the users and their attributes as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ foedera user list --home fed/FRA --json\n')
    .action(async (options: { home: string; json?: boolean }) => {
      const directory = await readUserDirectory(await usersFile(resolve(options.home)));
      if (options.json === true) {
        console.log(JSON.stringify(directory.users, null, 2));
        return;
      }
      for (const [id, a] of Object.entries(directory.users)) {
        const clearances = Object.entries(a.clearances)
          .map(([p, l]) => `${p}:${l}`)
          .join(' ');
        console.log(
          `${id}\t${a.nationality}\t${clearances}\tcoi=${a.coi.join(',')}\troles=${a.roles.join(',')}`,
        );
      }
    });
}

export async function usersFile(home: string): Promise<string> {
  const config = await loadNodeConfig(home);
  return resolveInHome(home, config.idp.users ?? join('idp', 'users.json'));
}

function userAttributes(options: AddOptions): UserAttributes {
  const clearances: Record<string, string> = {};
  for (const item of options.clearance) {
    const [policy, level, ...rest] = item.split(':');
    if (policy === undefined || level === undefined || rest.length > 0 || policy === '' || level === '') {
      throw new InvalidInputError(
        'clearance',
        `Invalid --clearance "${item}": expected POLICY:LEVEL, e.g. "NATO:NATO SECRET"`,
      );
    }
    // A clearance the decision point cannot read would silently grant nothing: refuse it here, naming the levels.
    const known = defaultPolicyRegistry.get(policy);
    if (known === undefined) {
      const ids = defaultPolicyRegistry.policies.map((p) => p.id).join(', ');
      throw new InvalidInputError(
        'clearance',
        `Invalid --clearance "${item}": unknown policy "${policy}" (${ids})`,
      );
    }
    if (!known.levelIndex.has(level)) {
      const levels = known.levels.map((l) => `"${l.name}"`).join(', ');
      throw new InvalidInputError(
        'clearance',
        `Invalid --clearance "${item}": policy ${policy} has no level "${level}" (${levels})`,
      );
    }
    clearances[policy] = level;
  }
  const attributes = { nationality: options.nationality, clearances, coi: options.coi, roles: options.role };
  const first = Value.Errors(UserAttributesSchema, attributes).find((e) => e.keyword !== 'boolean');
  if (first !== undefined) {
    const field = first.instancePath.split('/').filter(Boolean)[0] ?? 'user';
    throw new InvalidInputError(
      field,
      `Invalid --${field === 'roles' ? 'role' : field === 'clearances' ? 'clearance' : field}: ${first.message}`,
    );
  }
  return attributes;
}
