// Timing helpers the benchmarks share. (Imported, not run: `npm run bench` skips this file by name.)

/** Middle value of the samples (the upper one of the two middles for an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall time of `fn` over `runs` calls, after 3 warm-up calls that are not counted (ms). */
export async function medianTime(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}
