// What a benchmark run prints and records: the machine it ran on, and one table per group of a
// benchmark, ours beside its baseline with the ratio, as aligned text and as Markdown.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function machineFacts() {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((text) => text.startsWith('model name'));
    if (line !== undefined) cpuModel = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: os.cpus() said it already.
  }
  return {
    cpu: cpuModel,
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

const columns = ['scenario', 'conc', 'base /s', 'base p50', 'base p99', 'ours /s', 'ours p50', 'ours p99', 'ratio /s', 'ratio p50', 'ratio p99', 'errors'];

function cells(row) {
  const errors = row.baseline.errors + row.ours.errors;
  return [
    row.scenario,
    String(row.concurrency),
    fixed(row.baseline.perSecond, 0),
    fixed(row.baseline.p50Ms, 2),
    fixed(row.baseline.p99Ms, 2),
    fixed(row.ours.perSecond, 0),
    fixed(row.ours.p50Ms, 2),
    fixed(row.ours.p99Ms, 2),
    fixed(row.ratio.perSecond, 2),
    fixed(row.ratio.p50, 1),
    fixed(row.ratio.p99, 1),
    errors === 0 ? '0' : `${errors} (${row.ours.firstError ?? row.baseline.firstError})`,
  ];
}

function fixed(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** Aligned text for the terminal. */
export function textTable(group) {
  const header = columns.map((name, index) => (index === 2 ? `${group.baseline}: /s` : index === 5 ? `${group.ours}: /s` : name));
  const body = group.rows.map(cells);
  const widths = header.map((name, index) => Math.max(name.length, ...body.map((row) => row[index].length)));
  const line = (row) => row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
  return [group.title, line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

/** The same table in Markdown, as docs/benchmarks.md records it. */
export function markdownTable(group) {
  const header = [
    'scenario',
    'conc',
    `${group.baseline} calls/s`,
    'p50 ms',
    'p99 ms',
    `${group.ours} calls/s`,
    'p50 ms',
    'p99 ms',
    'ours/base calls/s',
    'p50 ×',
    'p99 ×',
    'errors',
  ];
  const body = group.rows.map(cells);
  return [`**${group.title}**`, '', `| ${header.join(' | ')} |`, `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

export function describeMethod(method) {
  return `warm-up ${method.warmupMs} ms per side, then ${method.rounds} rounds of baseline ${method.roundMs} ms → ours ${method.roundMs} ms`;
}

/** Where ours spent its time in a profiled row: self time by owner and the busiest functions. */
export function profileText(row) {
  const { profile } = row;
  const list = (entries) => entries.map((entry) => `    ${entry.percent.toFixed(1).padStart(5)}%  ${entry.name}`).join('\n');
  return [
    `profile of ours, ${row.scenario} × ${row.concurrency} (${profile.samples} samples; ${profile.file})`,
    '  self time by owner:',
    list(profile.byOwner),
    '  busiest functions:',
    list(profile.byFunction),
  ].join('\n');
}
