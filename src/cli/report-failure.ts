import { toFoederaError } from '../shared/errors.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';

/** Prints a failed command's error as `foedera: <message>` (its cause too under FOEDERA_DEBUG=1) and sets its exit code. */
export function reportFailure(error: unknown): void {
  const failure = toFoederaError(error);
  console.error(`foedera: ${failure.message}`);
  if (process.env.FOEDERA_DEBUG === '1') console.error(failure.cause ?? failure.stack);
  process.exitCode = exitCodeOf(failure);
}

/** `foedera … | head` closes the pipe early: that is the reader being done, not a failure to report. */
export function endOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
}
