/** `foedera token issue`: signs a token for a user of the local identity provider and prints it. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../shared/clock.ts';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { loadNodeConfig } from '../../node/config/load-config.ts';
import { resolveInHome } from '../../node/read-material.ts';
import { loadIdpKey } from '../../trust/tokens/idp-key.ts';
import { issueToken, parseTtl } from '../../trust/tokens/issue-token.ts';
import { readUserDirectory } from '../../trust/tokens/users-file.ts';
import { usersFile } from './user.ts';

export function registerToken(program: Command): void {
  const token = program.command('token').description('Issue user tokens from the local identity provider');
  token
    .command('issue')
    .description("Print a signed token (JWT, ES384) carrying the user's attributes")
    .requiredOption('--home <dir>', 'participant home')
    .requiredOption('--user <id>', 'user identifier')
    .option('--ttl <duration>', 'lifetime: 8h, 30m, 3600s', '8h')
    .action(async (options: { home: string; user: string; ttl: string }) => {
      const home = resolve(options.home);
      console.log(await issueUserToken({ home, user: options.user, ttl: options.ttl }));
    });
}

export async function issueUserToken(options: { home: string; user: string; ttl: string }): Promise<string> {
  const ttlSeconds = parseTtl(options.ttl);
  if (ttlSeconds === undefined)
    throw new InvalidInputError('ttl', `Invalid --ttl "${options.ttl}": expected e.g. 8h, 30m, 3600s`);
  const config = await loadNodeConfig(options.home);
  if (config.idp.key === undefined) {
    throw new FoederaError(
      'invalid-input',
      `Node "${options.home}" uses an external identity provider: it issues no tokens`,
    );
  }
  const directory = await readUserDirectory(await usersFile(options.home));
  const attributes = directory.users[options.user];
  if (attributes === undefined)
    throw new InvalidInputError('user', `Unknown user "${options.user}" in "${options.home}"`);
  return issueToken({
    key: await loadIdpKey(resolveInHome(options.home, config.idp.key)),
    issuer: config.idp.issuer,
    audience: config.idp.audience,
    participant: config.participantId,
    subject: options.user,
    attributes,
    ttlSeconds,
    now: systemClock(),
  });
}
