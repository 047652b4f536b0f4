/**
 * Where a verb's answer goes: `--json` prints one JSON document on stdout and nothing else there; human output is
 * text on stdout. Progress and notes go to stderr, so either can be piped.
 */
export type OutputOptions = { json?: boolean };

export function emit<T>(options: OutputOptions, value: T, human: (value: T) => string): void {
  if (options.json === true) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else {
    const text = human(value);
    if (text !== '') process.stdout.write(`${text}\n`);
  }
}

/** A side note for people (never on stdout, never with --json). */
export function note(options: OutputOptions, text: string): void {
  if (options.json !== true) process.stderr.write(`${text}\n`);
}
