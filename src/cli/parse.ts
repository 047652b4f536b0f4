/** Parsers for option values; each failure names the option. */
import { InvalidInputError } from '../shared/errors.ts';

export function parsePort(text: string, option: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidInputError(option, `Invalid --${option} "${text}": expected a port number 0-65535`);
  }
  return port;
}

/** Collects a repeatable option into an array (commander's accumulator). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
