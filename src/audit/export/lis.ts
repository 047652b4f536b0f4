/** Positions of one longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestIncreasingRun(values: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k] = position of the smallest tail of an increasing run of length k+1
  const previous = new Array<number>(values.length).fill(-1);
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] as number;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i] as number) keep.add(i);
  return keep;
}
