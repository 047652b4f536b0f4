/** The XML Schema datatypes ODRL right operands use: xsd:dateTime, xsd:date and xsd:duration. */

const DATE_TIME =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$/;

/**
 * Epoch milliseconds of an xsd:dateTime or xsd:date, or `undefined`. Seconds may be omitted (the DSP examples write
 * `2023-12-31T06:00Z`); a value without a zone is read as UTC, so the same policy means the same instant on every node.
 */
export function parseDateTime(text: string): number | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  let normalised = text;
  if (text.includes('T') && !/(Z|[+-]\d\d:\d\d)$/.test(text)) normalised = `${text}Z`;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

export type Duration = {
  readonly years: number;
  readonly months: number;
  readonly days: number;
  /** Hours, minutes and seconds folded into milliseconds. */
  readonly ms: number;
  readonly text: string;
};

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** A non-negative xsd:duration (`P30D`, `P1Y6M`, `PT12H`), or `undefined`. */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text);
  if (m === null || text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  return {
    years: n(1),
    months: n(2),
    days: n(3),
    ms: ((n(4) * 60 + n(5)) * 60 + n(6)) * 1000,
    text,
  };
}

/**
 * `start + duration` on the UTC calendar. A month added past the 28th overflows as JavaScript dates do
 * (31 January + P1M = 3 March in a common year): the stricter reading for a deadline.
 */
export function addDuration(start: number, duration: Duration): number {
  const date = new Date(start);
  date.setUTCFullYear(date.getUTCFullYear() + duration.years, date.getUTCMonth() + duration.months);
  date.setUTCDate(date.getUTCDate() + duration.days);
  return date.getTime() + duration.ms;
}
