/**
 * The shape every management verb shares: the connection options, `--json`, and an example under `--help`.
 */
import { Help, type Command, type Option } from 'commander';
import { InvalidInputError } from '../../shared/errors.ts';
import type { OutputOptions } from '../output/print.ts';
import { addConnectionOptions, resolveConnection, type ConnectionOptions } from './connection.ts';
import { ManagementClient } from './management-client.ts';

export type ApiOptions = ConnectionOptions & OutputOptions;

export function apiVerb(
  parent: Command,
  spec: { name: string; description: string; examples: readonly string[] },
): Command {
  const verb = parent.command(spec.name).description(spec.description);
  addConnectionOptions(verb).option('--json', 'print the answer as JSON on stdout (nothing else there)');
  verb.configureHelp({ visibleOptions: sharedOptionsLast });
  verb.addHelpText(
    'after',
    `\nExample${spec.examples.length > 1 ? 's' : ''}:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`,
  );
  return verb;
}

const SHARED = new Set(['--home', '--user', '--url', '--token', '--json']);

/** In `--help`, what the verb itself takes comes first; the options every verb shares follow. */
function sharedOptionsLast(this: Help, command: Command): Option[] {
  const all = Help.prototype.visibleOptions.call(this, command);
  const shared = (o: Option) => o.long !== undefined && SHARED.has(o.long);
  const help = (o: Option) => o.long === '--help';
  return [...all.filter((o) => !shared(o) && !help(o)), ...all.filter(shared), ...all.filter(help)];
}

export async function clientFor(options: ConnectionOptions): Promise<ManagementClient> {
  return new ManagementClient(await resolveConnection(options));
}

/** Parses a positive integer option, naming it when it is not one. */
export function positiveInteger(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InvalidInputError(option, `Invalid --${option} "${value}": expected a positive integer`);
    }
    return n;
  };
}
