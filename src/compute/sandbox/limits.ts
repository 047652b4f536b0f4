/** What a compute-to-data job may use on the provider. Every limit is enforced; exceeding one stops the job. */
export type ComputeLimits = {
  /** Linear memory of the module, in 64 KiB WebAssembly pages: its declared maximum is lowered to this. */
  readonly memoryPages: number;
  /** JavaScript heap of the worker that hosts the module, in MiB (worker `resourceLimits`). */
  readonly workerHeapMb: number;
  /** Wall-clock time from instantiation to exit, in milliseconds; the worker is terminated past it. */
  readonly wallMs: number;
  /** Bytes the job may write to stdout (its output); one byte more stops it. */
  readonly outputBytes: number;
  /** Bytes of stderr kept and returned (diagnostics); more is a limit breach as well. */
  readonly stderrBytes: number;
  /** Size of the module itself. */
  readonly moduleBytes: number;
};

export const WASM_PAGE = 65_536;

export const DEFAULT_LIMITS: ComputeLimits = {
  memoryPages: 1024, // 64 MiB
  workerHeapMb: 64,
  wallMs: 10_000,
  outputBytes: 1024 * 1024,
  stderrBytes: 16 * 1024,
  moduleBytes: 8 * 1024 * 1024,
};

/** Why a job was stopped or refused before it ran. Stable codes: the HTTP edge, the audit log and the CLI show them. */
export type StopReason =
  | 'invalid-module'
  | 'forbidden-import'
  | 'memory-limit'
  | 'time-limit'
  | 'output-limit'
  | 'sandbox-escape'
  | 'trap';

export const STOP_REASONS: readonly StopReason[] = [
  'invalid-module',
  'forbidden-import',
  'memory-limit',
  'time-limit',
  'output-limit',
  'sandbox-escape',
  'trap',
];
