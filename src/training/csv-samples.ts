/**
 * Reads a training dataset: CSV with a header row, numeric columns, one of them the 0/1 label (named by the training
 * spec, `label` by default), the others the features in header order. A bad cell is refused naming line and column.
 */
import { err, ok, type Result } from '../shared/result.ts';
import type { Samples } from './logistic.ts';

export type CsvSamples = Samples & { readonly features: readonly string[] };

export function readCsvSamples(
  text: string,
  options: { labelColumn: string },
): Result<CsvSamples, 'invalid-training-data'> {
  const bad = (detail: string) => err('invalid-training-data', `Cannot read training data: ${detail}`);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (header === undefined) return bad('it is empty');
  const labelAt = header.indexOf(options.labelColumn);
  if (labelAt < 0) return bad(`no column "${options.labelColumn}" in the header`);
  const features = header.filter((_, i) => i !== labelAt);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = (lines[i] ?? '').split(',');
    if (cells.length !== header.length)
      return bad(`line ${i + 1} has ${cells.length} cells, not ${header.length}`);
    const row: number[] = [];
    for (let c = 0; c < cells.length; c++) {
      const value = Number(cells[c]);
      if (!Number.isFinite(value) || (cells[c] ?? '').trim() === '') {
        return bad(`line ${i + 1}, column "${header[c]}": "${cells[c]}" is not a number`);
      }
      if (c === labelAt) {
        if (value !== 0 && value !== 1) return bad(`line ${i + 1}, column "${header[c]}": a label is 0 or 1`);
        y.push(value);
      } else row.push(value);
    }
    x.push(row);
  }
  return ok({ x, y, features });
}
