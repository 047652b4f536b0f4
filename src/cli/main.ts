/** The `foedera` command line: operator and user verbs. Exit codes are defined in ./exit-codes.ts. */
import { Command, CommanderError } from 'commander';
import { toFoederaError } from '../shared/errors.ts';
import { commands } from './commands/index.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';

const program = new Command('foedera')
  .description('Foedera: a federated data space for European defence')
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();
for (const register of commands) register(program);
// Every sub-command exits through the same override, so usage errors end with code 2 everywhere.
const override = (command: Command): void => {
  command.exitOverride();
  command.commands.forEach(override);
};
override(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const informational = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(
      error.code,
    );
    process.exitCode = informational || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const failure = toFoederaError(error);
    console.error(`foedera: ${failure.message}`);
    if (process.env.FOEDERA_DEBUG === '1') console.error(failure.cause ?? failure.stack);
    process.exitCode = exitCodeOf(failure);
  }
}
