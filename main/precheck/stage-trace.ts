// CPU time per stage of one MRZ read, for the benchmark's breakdown (where the milliseconds go, separately
// for accepted and refused frames). Process CPU (user + system of every thread: the OCR worker's and
// sharp's too), so a figure is only meaningful while nothing else runs in the process — as in the bench.

/** CPU ms per stage name, summed over the stage's calls. */
export type StageTrace = Record<string, number>;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `fn`, adding its CPU time to `trace[name]` when there is a trace (no cost without one). */
export async function inStage<T>(trace: StageTrace | undefined, name: string, fn: () => Promise<T> | T): Promise<T> {
  if (!trace) return fn();
  const t0 = cpuMs();
  try {
    return await fn();
  } finally {
    trace[name] = (trace[name] ?? 0) + cpuMs() - t0;
  }
}
