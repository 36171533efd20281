// `make bench`: runs each benchmark in its own Node process (TypeScript through tsx), prints its tables
// with the machine's facts, and records the figures under .bench-results/. Figures only: a slow result
// never fails; a benchmark that crashes does, after the others have run.
// Options: --only <name>[,<name>]  --quick (short rounds, for trying changes)  --profile "<text>" (runs
// ours again under the CPU profiler for rows whose "<scenario> × <concurrency>" contains the text, prints
// where the time went and saves the .cpuprofile under .bench-results/profiles/ for Chrome DevTools; a
// standalone benchmark with `profileArgs` profiles its own run whatever the text, e.g. contact-import).
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMethod, machineFacts, markdownTable, profileText, textTable } from './bench/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, '.bench-results');
/** A benchmark taking longer than this is stuck; its process is stopped (its SIGTERM handler cleans up). */
const BENCHMARK_TIMEOUT_MS = 10 * 60_000;

// Closed-loop benchmarks (`module`) follow the contract of scripts/bench/run-benchmark.mjs; standalone ones
// (`script`) measure their own baseline in the same run, print their own tables and write their own
// .bench-results/<name>.json (throughput of a parser, a file import, a simulator).
const benchmarks = [
  { name: 'campaign-grpc', module: 'services/campaign/src/bench/campaign-grpc.bench.ts' },
  { name: 'bus-publish', module: 'packages/bus/src/bench/publish.bench.ts' },
  { name: 'esl-parser', script: 'packages/esl/src/bench/parser.bench.ts', quickArgs: ['--runs', '3', '--run-ms', '400'] },
  { name: 'contact-import', script: 'services/campaign/src/import/import.bench.ts', quickArgs: ['--quick'], profileArgs: ['--profile'] },
  { name: 'whole-stack', script: 'tests/bench/whole-stack.bench.ts', quickArgs: ['--quick'] },
  { name: 'fs-sim', script: 'packages/fs-sim/src/bench/originate.bench.ts', quickArgs: ['--seconds', '5', '--hold-ms', '3000', '--ramp', '400', '--ramp-seconds', '3', '--ramp-hold-ms', '1000'] },
];

const methods = {
  full: { warmupMs: 1_000, roundMs: 1_500, rounds: 3 },
  quick: { warmupMs: 200, roundMs: 300, rounds: 2 },
};

const { values } = parseArgs({
  options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, profile: { type: 'string' } },
});
const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}`);
  process.exit(2);
}
const method = {
  ...(values.quick ? methods.quick : methods.full),
  ...(values.profile === undefined ? {} : { profile: values.profile, profileDir: join(resultsDir, 'profiles') }),
};

function runChild(benchmark, outPath) {
  const args = benchmark.script === undefined
    ? ['--import', 'tsx', join(root, 'scripts/bench/run-benchmark.mjs'), join(root, benchmark.module), outPath, JSON.stringify(method)]
    : ['--import', 'tsx', join(root, benchmark.script), ...(values.quick ? benchmark.quickArgs ?? [] : []), ...(values.profile === undefined ? [] : benchmark.profileArgs ?? [])];
  return new Promise((resolveExit) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), BENCHMARK_TIMEOUT_MS);
    // Ctrl-C reaches the child too (same process group); wait for it to clean up rather than leave it.
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', ignore);
      resolveExit(code ?? (signal === null ? 1 : 128));
    });
  });
}

await mkdir(resultsDir, { recursive: true });
const machine = machineFacts();
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB, ${machine.os}, node ${machine.node}`);
console.log(`date: ${machine.date}, load average ${machine.loadAverageAtStart.join(' ')}`);
console.log(`method: ${describeMethod(method)}; ratios are ours / baseline (calls/s < 1 and latency > 1 mean ours costs more)\n`);

const stamp = machine.date.replace(/[:.]/g, '-');
const run = { machine, method, benchmarks: [] };
const markdown = [`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, node ${machine.node}, ${machine.date}`, `method: ${describeMethod(method)}`];
const failed = [];
for (const benchmark of benchmarks.filter((candidate) => only === undefined || only.includes(candidate.name))) {
  console.log(`== ${benchmark.name}`);
  const outPath = join(os.tmpdir(), `ringpace-bench-${benchmark.name}-${process.pid}.json`);
  const startedMs = performance.now();
  const code = await runChild(benchmark, outPath);
  if (code !== 0) {
    console.error(`${benchmark.name}: exited with ${code}\n`);
    failed.push(benchmark.name);
    // 130: interrupted (Ctrl-C); the benchmark cleaned up, and the rest are not wanted either.
    if (code === 130) break;
    continue;
  }
  if (benchmark.script !== undefined) {
    console.log(`${benchmark.name} finished in ${Math.round((performance.now() - startedMs) / 1_000)} s (its figures are above and in .bench-results/)\n`);
    run.benchmarks.push({ name: benchmark.name, standalone: benchmark.script });
    continue;
  }
  const result = JSON.parse(await readFile(outPath, 'utf8'));
  await rm(outPath, { force: true });
  console.log(`${result.title} (${Math.round((performance.now() - startedMs) / 1_000)} s) — ${Object.entries(result.facts).map(([key, value]) => `${key} ${value}`).join(', ')}`);
  for (const note of result.notes) console.log(`  ${note}`);
  console.log('');
  for (const group of result.groups) {
    console.log(`${textTable(group)}\n`);
    for (const row of group.rows.filter((candidate) => candidate.profile !== undefined)) console.log(`${profileText(row)}\n`);
  }
  run.benchmarks.push({ name: benchmark.name, ...result });
  markdown.push(`### ${benchmark.name}: ${result.title}`, ...result.groups.map(markdownTable));
}

run.loadAverageAtEnd = os.loadavg().map((load) => Math.round(load * 100) / 100);
await writeFile(join(resultsDir, `${stamp}.json`), `${JSON.stringify(run, null, 2)}\n`);
await writeFile(join(resultsDir, `${stamp}.md`), `${markdown.join('\n\n')}\n`);
console.log(`load average at end ${run.loadAverageAtEnd.join(' ')}; figures in .bench-results/${stamp}.json (and .md)`);
if (failed.length > 0) {
  console.error(`benchmarks that did not finish: ${failed.join(', ')}`);
  process.exit(1);
}
