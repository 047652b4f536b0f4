/** The `foedera` command line: operator and user verbs. Exit codes are defined in ./exit-codes.ts. */
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.ts';
import { buildProgram } from './program.ts';
import { endOnClosedPipe, reportFailure } from './report-failure.ts';

endOnClosedPipe();

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const informational = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(
      error.code,
    );
    process.exitCode = informational || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    reportFailure(error);
  }
}
