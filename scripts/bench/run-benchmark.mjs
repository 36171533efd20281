// Runs one benchmark module in this process (started by scripts/bench.mjs with tsx loaded) and writes
// its figures as JSON. Usage: node --import tsx scripts/bench/run-benchmark.mjs <module.ts> <out.json> <method-json>
//
// A benchmark module exports `setup()`, resolving to a suite:
//   { title: string, notes: string[], facts: Record<string, string | number>,
//     groups: [{ title, baseline: string, ours: string,
//                rows: [{ scenario: string, concurrency: number, baseline: () => Promise<unknown>, ours: () => Promise<unknown> }] }],
//     close(): Promise<void> }
// `close` removes everything setup created (databases, streams) and runs even when a row throws.
// With `method.profile` set, rows whose "<scenario> × <concurrency>" contains it run ours once more
// under the CPU profiler; the profile goes to `method.profileDir` and its summary into the figures.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closedLoop, compare } from './measure.mjs';
import { startProfile, summarizeProfile } from './profile.mjs';

const [modulePath, outPath, methodJson] = process.argv.slice(2);
if (modulePath === undefined || outPath === undefined || methodJson === undefined) {
  process.stderr.write('usage: run-benchmark.mjs <module.ts> <out.json> <method-json>\n');
  process.exit(2);
}
const method = JSON.parse(methodJson);

const benchmark = await import(pathToFileURL(resolve(modulePath)).href);
const suite = await benchmark.setup();
// An interrupted run still drops its database and deletes its streams.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void suite.close().finally(() => process.exit(130));
  });
}
async function profileOurs(row, label) {
  const stop = await startProfile();
  await closedLoop(row.ours, { concurrency: row.concurrency, durationMs: method.roundMs * method.rounds });
  const profile = await stop();
  await mkdir(method.profileDir, { recursive: true });
  const file = join(method.profileDir, `${label.replace(/[^A-Za-z0-9]+/g, '-')}-${Date.now()}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  return { file, ...summarizeProfile(profile) };
}

const groups = [];
try {
  for (const group of suite.groups) {
    const rows = [];
    for (const row of group.rows) {
      process.stderr.write(`  ${group.title} › ${row.scenario} × ${row.concurrency}\n`);
      const figures = await compare(row, method);
      const label = `${row.scenario} × ${row.concurrency}`;
      const profile = method.profile !== undefined && label.includes(method.profile) ? await profileOurs(row, label) : undefined;
      rows.push({ scenario: row.scenario, concurrency: row.concurrency, ...figures, ...(profile === undefined ? {} : { profile }) });
    }
    groups.push({ title: group.title, baseline: group.baseline, ours: group.ours, rows });
  }
} finally {
  await suite.close();
}
await writeFile(outPath, JSON.stringify({ title: suite.title, notes: suite.notes, facts: suite.facts, method, groups }, null, 2));
// Handles that outlive close() (a gRPC channel's idle timer, say) must not keep the run waiting.
process.exit(0);
