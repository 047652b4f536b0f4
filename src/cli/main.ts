/** The `foedera` command line: operator and user verbs. Exit codes are defined in ./exit-codes.ts. */
import { CommanderError } from 'commander';
import { toFoederaError } from '../shared/errors.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';
import { buildProgram } from './program.ts';

// `foedera … | head` closes the pipe early: that is the reader being done, not a failure to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

try {
  await buildProgram().parseAsync(process.argv);
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
