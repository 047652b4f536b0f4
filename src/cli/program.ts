/** The `foedera` program with every verb registered, built without running: main.ts runs it, the docs read it. */
import { Command } from 'commander';
import { commands } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('foedera')
    .description('Foedera: a federated data space for European defence')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    // A verb's options belong to the word before them: `catalog --peer` searches, `catalog refresh --peer` fetches.
    .enablePositionalOptions()
    .exitOverride();
  for (const register of commands) register(program);
  // Every sub-command exits through the same override, so usage errors end with code 2 everywhere.
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}
