/**
 * The shape every management verb shares: the connection options, `--json`, and an example under `--help`.
 */
import type { Command } from 'commander';
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
  verb.addHelpText(
    'after',
    `\nExample${spec.examples.length > 1 ? 's' : ''}:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`,
  );
  return verb;
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
