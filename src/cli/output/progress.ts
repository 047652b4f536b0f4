/**
 * Progress of a long operation on stderr, only when stderr is a terminal (a pipe or a log file gets none): a bar
 * when the amount is known (negotiation steps, transfer bytes), a spinner with the current state when it is not.
 */
import cliProgress from 'cli-progress';

export type ProgressUpdate = {
  readonly state: string;
  /** Amount done and total, when known. */
  readonly done?: number;
  readonly total?: number;
};

export type Progress = {
  update(update: ProgressUpdate): void;
  stop(): void;
};

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createProgress(options: { title: string; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };

  let bar: cliProgress.SingleBar | undefined;
  let spinner: NodeJS.Timeout | undefined;
  let frame = 0;
  let state = '';
  const clearSpinner = () => {
    if (spinner !== undefined) clearInterval(spinner);
    spinner = undefined;
    stream.write('\r\u001b[2K');
  };
  return {
    update(update) {
      state = update.state;
      if (update.total !== undefined && update.total > 0 && update.done !== undefined) {
        clearSpinner();
        if (bar === undefined) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `${options.title} [{bar}] {percentage}% {state}`,
              hideCursor: true,
              clearOnComplete: false,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(update.total, update.done, { state });
        }
        bar.setTotal(update.total);
        bar.update(update.done, { state });
        return;
      }
      if (bar !== undefined) {
        bar.update({ state });
        return;
      }
      spinner ??= setInterval(() => {
        frame = (frame + 1) % FRAMES.length;
        stream.write(`\r\u001b[2K${FRAMES[frame] ?? ''} ${options.title} ${state}`);
      }, 100);
    },
    stop() {
      clearSpinner();
      bar?.stop();
    },
  };
}

/** A spinner while one long call runs (a peer's catalog fetched over mutual TLS, a probe). */
export async function withSpinner<T>(title: string, work: () => Promise<T>): Promise<T> {
  const progress = createProgress({ title });
  progress.update({ state: '' });
  try {
    return await work();
  } finally {
    progress.stop();
  }
}
