// How a benchmark is measured: a closed loop of N concurrent callers for a fixed time, and a comparison
// that alternates ours and its baseline in rounds, so both see the same noise of a shared machine.

/**
 * @typedef {object} LoopResult
 * @property {number} calls       completed calls (failed ones included)
 * @property {number} errors      calls that rejected
 * @property {string | undefined} firstError
 * @property {number} elapsedMs   from the first call started to the last call finished
 * @property {number[]} latenciesMs one entry per completed call
 */

/**
 * Runs `call` from `concurrency` loops until `durationMs` has passed; each loop starts its next call as
 * soon as the previous one settles (closed loop: the offered load adapts to the service's speed).
 * @param {() => Promise<unknown>} call
 * @param {{ concurrency: number, durationMs: number }} options
 * @returns {Promise<LoopResult>}
 */
export async function closedLoop(call, { concurrency, durationMs }) {
  const latenciesMs = [];
  let errors = 0;
  let firstError;
  const startedMs = performance.now();
  const endMs = startedMs + durationMs;
  const worker = async () => {
    while (performance.now() < endMs) {
      const callStartedMs = performance.now();
      try {
        await call();
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      latenciesMs.push(performance.now() - callStartedMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { calls: latenciesMs.length, errors, firstError, elapsedMs: performance.now() - startedMs, latenciesMs };
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sortedMs, fraction) {
  if (sortedMs.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sortedMs.length);
  return sortedMs[Math.min(sortedMs.length - 1, Math.max(0, rank - 1))];
}

/**
 * Figures of the rounds of one variant, merged: throughput is total calls over total measured time,
 * percentiles are over every call of every round.
 * @param {LoopResult[]} rounds
 */
export function summarize(rounds) {
  const latencies = rounds.flatMap((round) => round.latenciesMs).sort((a, b) => a - b);
  const calls = rounds.reduce((sum, round) => sum + round.calls, 0);
  const elapsedMs = rounds.reduce((sum, round) => sum + round.elapsedMs, 0);
  const errors = rounds.reduce((sum, round) => sum + round.errors, 0);
  return {
    calls,
    errors,
    firstError: rounds.find((round) => round.firstError !== undefined)?.firstError,
    elapsedMs: round3(elapsedMs),
    perSecond: round3(elapsedMs > 0 ? (calls * 1_000) / elapsedMs : 0),
    p50Ms: round3(percentile(latencies, 0.5)),
    p99Ms: round3(percentile(latencies, 0.99)),
    maxMs: round3(latencies.at(-1) ?? Number.NaN),
    // Per-round throughput shows how steady the machine was while this row ran.
    roundsPerSecond: rounds.map((round) => round3(round.elapsedMs > 0 ? (round.calls * 1_000) / round.elapsedMs : 0)),
  };
}

/**
 * Warms both variants up, then runs `rounds` rounds of baseline-then-ours, each `roundMs` long, at the
 * same concurrency. Alternating is what makes the ratio meaningful on a noisy machine: a slow spell
 * hits both sides instead of one.
 * @param {{ baseline: () => Promise<unknown>, ours: () => Promise<unknown>, concurrency: number }} row
 * @param {{ warmupMs: number, roundMs: number, rounds: number }} method
 */
export async function compare(row, method) {
  await closedLoop(row.baseline, { concurrency: row.concurrency, durationMs: method.warmupMs });
  await closedLoop(row.ours, { concurrency: row.concurrency, durationMs: method.warmupMs });
  const baselineRounds = [];
  const oursRounds = [];
  for (let round = 0; round < method.rounds; round += 1) {
    baselineRounds.push(await closedLoop(row.baseline, { concurrency: row.concurrency, durationMs: method.roundMs }));
    oursRounds.push(await closedLoop(row.ours, { concurrency: row.concurrency, durationMs: method.roundMs }));
  }
  const baseline = summarize(baselineRounds);
  const ours = summarize(oursRounds);
  return {
    baseline,
    ours,
    ratio: {
      // ours / baseline: below 1 for throughput and above 1 for latency mean ours costs more.
      perSecond: round3(ours.perSecond / baseline.perSecond),
      p50: round3(ours.p50Ms / baseline.p50Ms),
      p99: round3(ours.p99Ms / baseline.p99Ms),
    },
  };
}

function round3(value) {
  return Number.isFinite(value) ? Math.round(value * 1_000) / 1_000 : value;
}
