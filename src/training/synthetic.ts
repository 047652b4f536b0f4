/**
 * Synthetic training data for tests and the demo: two Gaussian classes in `features` dimensions (means at -1 and
 * +1 on every axis, unit variance), generated from a seed, written as CSV with a 0/1 `label` column.
 */
import type { Samples } from './logistic.ts';
import { seededRng } from './rng.ts';

export type Generated = Samples & { readonly features: number };

/** `count` records, class 1 with probability `positiveShare`. */
export function gaussianClasses(options: {
  seed: number;
  count: number;
  features: number;
  positiveShare: number;
  separation?: number;
}): Generated {
  const rng = seededRng(options.seed);
  const mean = options.separation ?? 1;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < options.count; i++) {
    const label = rng.next() < options.positiveShare ? 1 : 0;
    const centre = label === 1 ? mean : -mean;
    x.push(Array.from({ length: options.features }, () => centre + rng.gaussian()));
    y.push(label);
  }
  return { x, y, features: options.features };
}

export function toCsv(data: Samples): string {
  const width = data.x[0]?.length ?? 0;
  const header = [...Array.from({ length: width }, (_, j) => `x${j + 1}`), 'label'].join(',');
  const rows = data.x.map((features, i) =>
    [...features.map((v) => v.toFixed(6)), String(data.y[i])].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

export function union(...parts: readonly Samples[]): Samples {
  return { x: parts.flatMap((p) => p.x), y: parts.flatMap((p) => p.y) };
}
