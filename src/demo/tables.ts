/**
 * The demo's synthetic tables, as CSV (RFC 4180): depot logistics, a counter-drone radar trial's sensor time series,
 * and convoy incident reports. Plausible shapes and magnitudes, generated from a seed; no real unit, place or event.
 */
import { seededRandom } from './random.ts';

const DAY = 86_400_000;
const csv = (header: readonly string[], rows: readonly (readonly (string | number)[])[]): Uint8Array =>
  new TextEncoder().encode([header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n');
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Daily consumption per depot and supply class (NATO classes of supply I, III, V, IX). */
export function logisticsTable(options: { days: number; seed: number }): Uint8Array {
  const random = seededRandom(options.seed);
  const depots = ['DEPOT-NORD', 'DEPOT-SUED', 'DEPOT-WEST', 'DEPOT-OST', 'LOG-HUB-1', 'LOG-HUB-2'];
  const classes = [
    { code: 'I', item: 'rations', unit: 'case', mean: 420 },
    { code: 'III', item: 'diesel-F54', unit: 'litre', mean: 38_000 },
    { code: 'V', item: 'ammunition-5.56', unit: 'crate', mean: 35 },
    { code: 'IX', item: 'spare-parts', unit: 'line', mean: 160 },
  ];
  const start = Date.UTC(2026, 0, 1);
  const rows: (string | number)[][] = [];
  for (let d = 0; d < options.days; d++)
    for (const depot of depots)
      for (const c of classes) {
        const weekday = new Date(start + d * DAY).getUTCDay();
        const factor = weekday === 0 || weekday === 6 ? 0.55 : 1;
        const quantity = Math.max(0, Math.round(random.normal(c.mean * factor, c.mean * 0.18)));
        rows.push([
          day(start + d * DAY),
          depot,
          c.code,
          c.item,
          quantity,
          c.unit,
          random.int(0, 20) < 1 ? 1 : 0,
        ]);
      }
  return csv(['date', 'depot', 'supply_class', 'item', 'quantity', 'unit', 'shortfall'], rows);
}

/** One detection per sensor per second: range, bearing, signal-to-noise ratio and the tracker's classification. */
export function sensorSeries(options: { seconds: number; seed: number }): Uint8Array {
  const random = seededRandom(options.seed);
  const sensors = ['RADAR-A', 'RADAR-B', 'EO-IR-1'];
  const start = Date.UTC(2026, 8, 14, 9, 0, 0);
  // A few drones fly straight legs across the trial range; each sensor sees them with its own noise.
  const tracks = Array.from({ length: 4 }, (_, i) => ({
    id: `T${i + 1}`,
    range: random.int(800, 4000),
    bearing: random.int(0, 359),
    speed: random.normal(-6, 3),
    turn: random.normal(0, 0.4),
    kind: random.pick(['multirotor', 'fixed-wing', 'bird', 'multirotor']),
  }));
  const rows: (string | number)[][] = [];
  for (let s = 0; s < options.seconds; s++)
    for (const sensor of sensors) {
      const track = tracks[s % tracks.length];
      if (track === undefined) continue;
      const range = Math.max(50, track.range + track.speed * s + random.normal(0, 12));
      const bearing = (((track.bearing + track.turn * s + random.normal(0, 0.6)) % 360) + 360) % 360;
      const snr = Math.max(0, 42 - 20 * Math.log10(range / 100) + random.normal(0, 2));
      rows.push([
        iso(start + s * 1000),
        sensor,
        track.id,
        range.toFixed(1),
        bearing.toFixed(2),
        snr.toFixed(1),
        snr < 8 ? 'unknown' : track.kind,
      ]);
    }
  return csv(['time', 'sensor', 'track', 'range_m', 'bearing_deg', 'snr_db', 'classification'], rows);
}

/** Convoy incident reports: date, grid square, incident type, delay and whether the route was closed. */
export function incidentReports(options: { reports: number; seed: number }): Uint8Array {
  const random = seededRandom(options.seed);
  const types = ['ied-suspected', 'breakdown', 'road-washout', 'checkpoint-delay', 'small-arms-fire'];
  const start = Date.UTC(2025, 0, 1);
  const rows = Array.from({ length: options.reports }, (_, i) => [
    `INC-${String(i + 1).padStart(4, '0')}`,
    day(start + random.int(0, 364) * DAY),
    `${random.pick(['31P', '31Q', '32P', '32Q'])}${random.pick(['BU', 'CV', 'DT', 'EP'])}${random.int(10, 99)}${random.int(10, 99)}`,
    random.pick(types),
    random.int(0, 240),
    random.int(0, 9) < 2 ? 1 : 0,
  ]);
  return csv(['report', 'date', 'mgrs_square', 'type', 'delay_min', 'route_closed'], rows);
}

/** Barracks energy use per site and month (kWh), a typical national-only statistic. */
export function energyTable(options: { months: number; seed: number }): Uint8Array {
  const random = seededRandom(options.seed);
  const sites = ['KASERNE-A', 'KASERNE-B', 'KASERNE-C', 'FLIEGERHORST-D'];
  const rows: (string | number)[][] = [];
  for (let m = 0; m < options.months; m++)
    for (const site of sites) {
      const winter = Math.cos(((m % 12) / 12) * 2 * Math.PI);
      rows.push([
        `2026-${String((m % 12) + 1).padStart(2, '0')}`,
        site,
        Math.round(random.normal(410_000 + 150_000 * winter, 20_000)),
      ]);
    }
  return csv(['month', 'site', 'energy_kwh'], rows);
}
