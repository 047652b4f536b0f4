/**
 * Runs one prepared job module in a worker thread (src/compute/sandbox/wasi-worker.js) and enforces the limits the
 * worker cannot enforce on itself: wall time (the worker is terminated), the JavaScript heap of the worker
 * (`resourceLimits`), and the reading of a trap with the memory at its cap as the memory limit.
 */
import { Worker } from 'node:worker_threads';
import { WASM_PAGE, type ComputeLimits, type StopReason } from './limits.ts';
import type { PreparedModule } from './wasm-module.ts';

export type JobUsage = {
  /** From instantiation to exit or stop. */
  readonly wallMs: number;
  /** Size of the module's linear memory when it ended. */
  readonly memoryBytes: number;
  readonly outputBytes: number;
};

export type JobOutcome =
  | {
      readonly status: 'completed';
      /** The WASI exit code (`proc_exit`), 0 when `_start` returned. */
      readonly exitCode: number;
      readonly stdout: Buffer;
      readonly stderr: Buffer;
      readonly usage: JobUsage;
    }
  | {
      readonly status: 'stopped';
      readonly reason: StopReason;
      readonly detail: string;
      readonly usage: JobUsage;
    };

type WorkerMessage =
  | { type: 'started' }
  | { type: 'exit'; code: number; stdout: Uint8Array; stderr: Uint8Array; memoryBytes: number }
  | { type: 'stopped'; reason: StopReason; detail: string; memoryBytes: number }
  | { type: 'trap'; detail: string; memoryBytes: number };

const WORKER = new URL('./wasi-worker.js', import.meta.url);
/** Starting a worker is not the job's time: on a loaded machine it can take seconds. */
const STARTUP_GRACE_MS = 60_000;
const NEAR_CAP = 0.9;
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

export function runJob(options: {
  prepared: PreparedModule;
  /** Host directory holding only the dataset's plaintext; the job sees it read-only as /data. */
  dataDir: string;
  args?: readonly string[];
  limits: ComputeLimits;
}): Promise<JobOutcome> {
  const { prepared, limits } = options;
  const cap = prepared.memory.maximumPages * WASM_PAGE;
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, {
      workerData: {
        module: prepared.module,
        dataDir: options.dataDir,
        args: [...(options.args ?? [])],
        limits: { outputBytes: limits.outputBytes, stderrBytes: limits.stderrBytes },
      },
      resourceLimits: {
        maxOldGenerationSizeMb: limits.workerHeapMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.floor(limits.workerHeapMb / 4)),
        stackSizeMb: 4,
      },
      env: {},
      // node:wasi announces itself as experimental on every job; an operator's log is no place for that notice.
      execArgv: ['--disable-warning=ExperimentalWarning'],
      stdout: true,
      stderr: true,
    });
    let started: number | undefined;
    let memoryBytes = 0;
    let settled = false;
    const usage = (outputBytes = 0): JobUsage => ({
      wallMs: started === undefined ? 0 : Math.round(performance.now() - started),
      memoryBytes,
      outputBytes,
    });
    const finish = (outcome: JobOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const stop = (reason: StopReason, detail: string) =>
      finish({ status: 'stopped', reason, detail, usage: usage() });
    const timeLimit = () =>
      stop('time-limit', `Job stopped: it ran longer than the limit of ${limits.wallMs} ms`);
    let timer = setTimeout(timeLimit, limits.wallMs + STARTUP_GRACE_MS);

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'started') {
        started = performance.now();
        clearTimeout(timer);
        timer = setTimeout(timeLimit, limits.wallMs);
        return;
      }
      memoryBytes = message.memoryBytes;
      switch (message.type) {
        case 'exit': {
          const stdout = Buffer.from(message.stdout);
          finish({
            status: 'completed',
            exitCode: message.code,
            stdout,
            stderr: Buffer.from(message.stderr),
            usage: usage(stdout.length),
          });
          return;
        }
        case 'stopped':
          stop(message.reason, message.detail);
          return;
        case 'trap':
          // The engine refuses a `memory.grow` past the cap and the job traps on the failure; a trap with the
          // memory near the cap (growth comes in steps) is read as the memory limit.
          if (memoryBytes >= cap * NEAR_CAP) {
            stop(
              'memory-limit',
              `Job stopped: it trapped (${message.detail}) with ${mib(memoryBytes)} of memory, at the limit of ${mib(cap)}`,
            );
          } else {
            stop('trap', `Job stopped: it trapped (${message.detail}) with ${mib(memoryBytes)} of memory`);
          }
          return;
        default: {
          const unexpected: never = message;
          stop('trap', `Job stopped: unexpected worker message ${JSON.stringify(unexpected)}`);
        }
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        stop('memory-limit', `Job stopped: its host exceeded the heap limit of ${limits.workerHeapMb} MiB`);
      } else {
        stop('trap', `Job stopped: ${error.message}`);
      }
    });
    worker.on('exit', (code) => stop('trap', `Job stopped: its worker exited with code ${code}`));
  });
}
