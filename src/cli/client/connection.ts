/**
 * How a verb finds the node it talks to: `--home DIR` (the management URL from DIR/run.json, and a short-lived token
 * issued for `--user` by the node's local identity provider, as `foedera token issue` does), or `--url` with
 * `--token`. Environment variables stand in for flags so that a shell session names its node once.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { readLiveRunFile } from '../../node/run-file.ts';
import { issueUserToken } from '../commands/token.ts';

export type ConnectionOptions = {
  home?: string;
  user?: string;
  url?: string;
  token?: string;
};

export type Connection = {
  /** Base URL of the management API, without a trailing slash. */
  readonly url: string;
  readonly token: string;
  /** The participant, when the home told us. */
  readonly participant?: string;
};

/** Lifetime of a token the CLI issues for one command: long enough for `--wait`, short enough not to matter. */
const COMMAND_TOKEN_TTL = '30m';

export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--home <dir>', 'participant home of a running node (reads run.json)').env('FOEDERA_HOME'),
    )
    .addOption(
      new Option(
        '--user <id>',
        'with --home: issue a token for this user of the local identity provider',
      ).env('FOEDERA_USER'),
    )
    .addOption(new Option('--url <url>', 'management API base URL instead of --home').env('FOEDERA_URL'))
    .addOption(new Option('--token <jwt>', 'bearer token instead of --user').env('FOEDERA_TOKEN'));
}

/** `anonymous`: the verb reads only public routes (health, readiness), so no token is needed. */
export async function resolveConnection(
  options: ConnectionOptions,
  mode: { anonymous?: boolean } = {},
): Promise<Connection> {
  const { home, user, url, token } = options;
  if (home === undefined && url === undefined) {
    throw new InvalidInputError('home', 'Missing --home <dir> or --url <url>: which node to ask');
  }
  let base = url;
  let participant: string | undefined;
  if (base === undefined && home !== undefined) {
    const run = await readLiveRunFile(resolve(home));
    if (run === undefined) {
      throw new FoederaError(
        'node-not-running',
        `No running node in "${home}": start it with foedera node start --home ${home}`,
      );
    }
    base = run.managementUrl;
    participant = run.participantId;
  }
  if (base === undefined || !/^https?:\/\/[^/]/.test(base)) {
    throw new InvalidInputError('url', `Invalid --url "${base ?? ''}": expected http(s)://host:port`);
  }
  let bearer = token;
  if (bearer === undefined && user !== undefined) {
    if (home === undefined) {
      throw new InvalidInputError('user', '--user needs --home: the home holds the identity provider');
    }
    bearer = await issueUserToken({ home: resolve(home), user, ttl: COMMAND_TOKEN_TTL });
  }
  if (bearer === undefined && mode.anonymous === true) bearer = '';
  if (bearer === undefined) {
    throw new InvalidInputError(
      'user',
      'Missing --user <id> (with --home) or --token <jwt> (or FOEDERA_TOKEN): who is asking',
    );
  }
  return {
    url: base.replace(/\/+$/, ''),
    token: bearer,
    ...(participant === undefined ? {} : { participant }),
  };
}
