// CPU time of this process per call, for benchmark sides that take turns (the bench runner alternates
// baseline and ours): whatever CPU passes while a side's calls run, up to the other side's first call,
// counts for that side. It is the client's share only; the NATS server is another process.
export interface CpuMeter {
  /** `call`, counted and timed as `side`. */
  wrap<T>(side: string, call: () => Promise<T>): () => Promise<T>;
  /** Microseconds of CPU (user + system) per call of `side` so far; NaN before its first call. */
  perCallUs(side: string): number;
}

export function createCpuMeter(): CpuMeter {
  const totals = new Map<string, { calls: number; cpuUs: number }>();
  let current: { calls: number; cpuUs: number } | undefined;
  let since = process.cpuUsage();
  const settle = () => {
    const spent = process.cpuUsage(since);
    if (current !== undefined) current.cpuUs += spent.user + spent.system;
    since = process.cpuUsage();
  };
  return {
    wrap(side, call) {
      const total = { calls: 0, cpuUs: 0 };
      totals.set(side, total);
      return () => {
        if (current !== total) {
          settle();
          current = total;
        }
        total.calls += 1;
        return call();
      };
    },
    perCallUs(side) {
      if (current !== undefined && totals.get(side) === current) settle();
      const total = totals.get(side);
      return total === undefined || total.calls === 0 ? Number.NaN : total.cpuUs / total.calls;
    },
  };
}
