/**
 * Polls a negotiation or transfer until it reaches a state that ends the wait, showing progress on a terminal.
 * The management API has no change stream; a quarter of a second keeps the wait short without loading the node.
 */
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { createProgress, type ProgressUpdate } from '../output/progress.ts';

export type WaitOptions<T extends { state: string }> = {
  readonly title: string;
  readonly first: T;
  readonly poll: () => Promise<T>;
  readonly done: (value: T) => boolean;
  readonly progress: (value: T) => ProgressUpdate;
  readonly timeoutSeconds: number;
};

const INTERVAL_MS = 250;

export async function waitFor<T extends { state: string }>(options: WaitOptions<T>): Promise<T> {
  const progress = createProgress({ title: options.title });
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let value = options.first;
  try {
    while (!options.done(value)) {
      progress.update(options.progress(value));
      if (Date.now() > deadline) {
        throw new FoederaError(
          'timeout',
          `Gave up waiting for ${options.title} after ${options.timeoutSeconds} s: it is still ${value.state}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
      value = await options.poll();
    }
    progress.update(options.progress(value));
    return value;
  } finally {
    progress.stop();
  }
}

export function timeoutSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidInputError('timeout', `Invalid --timeout "${value}": expected seconds, e.g. 300`);
  }
  return n;
}
