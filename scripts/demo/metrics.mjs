// A few figures from the services' Prometheus /metrics at the end of the demo: histogram quantiles (as the
// upper bound of the bucket they fall in, the precision a histogram has) and counters.

/** Samples of one metric: [{ labels, value }] from the text exposition format. */
function samples(text, name) {
  const found = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    found.push({ labels: match[2] ?? '', value: Number(match[3]) });
  }
  return found;
}

/** { count, quantile(q) } of a histogram summed over its label sets; undefined when it has no observations. */
export function histogram(text, name) {
  const buckets = new Map();
  for (const { labels, value } of samples(text, `${name}_bucket`)) {
    const le = /le="([^"]+)"/.exec(labels)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + value);
  }
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const count = sorted.at(-1)?.[1] ?? 0;
  if (count === 0) return undefined;
  return {
    count,
    quantile(q) {
      const rank = q * count;
      return sorted.find(([, cumulative]) => cumulative >= rank)?.[0] ?? Infinity;
    },
  };
}

/** Sum of a counter or gauge over its label sets, grouped by one label when given. */
export function total(text, name, byLabel) {
  const groups = {};
  for (const { labels, value } of samples(text, name)) {
    const key = byLabel === undefined ? '' : (new RegExp(`${byLabel}="([^"]*)"`).exec(labels)?.[1] ?? '');
    groups[key] = (groups[key] ?? 0) + value;
  }
  return byLabel === undefined ? (groups[''] ?? 0) : groups;
}

const ms = (seconds) => (seconds === Infinity ? '>max' : `≤${Math.round(seconds * 1000)} ms`);

/** Lines about the run's pace, from media's and the dialer's metrics; a service that does not answer is skipped. */
export async function paceFigures(stack, speed) {
  const lines = [];
  const read = async (name) => {
    try {
      return await stack.get(name).metrics(3_000);
    } catch {
      return undefined;
    }
  };
  const media = await read('media-1');
  const prompt = media && histogram(media, 'ringpace_media_answer_to_prompt_seconds');
  if (prompt) {
    const p95 = prompt.quantile(0.95);
    const max = prompt.quantile(1);
    lines.push(`media: answer → first prompt ${ms(prompt.quantile(0.5))} (median), ${ms(p95)} (95%), ${ms(max)} (slowest) real time over ${prompt.count} answered calls${max === Infinity ? '' : `; at ${speed}× the slowest is ≤${(max * speed).toFixed(1)} s simulated`}`);
  }
  const dialer = await read('dialer-1');
  const claim = dialer && histogram(dialer, 'ringpace_dialer_claim_to_originate_seconds');
  if (claim) lines.push(`dialer: claim → originate accepted ${ms(claim.quantile(0.5))} (median), ${ms(claim.quantile(0.95))} (95%) over ${claim.count} calls`);
  const statuses = dialer && total(dialer, 'ringpace_dialer_originates_total', 'status');
  if (statuses && Object.keys(statuses).length > 0) lines.push(`dialer: originates by reply ${Object.entries(statuses).map(([status, n]) => `${status} ${n}`).join(', ')}`);
  return lines;
}
