// Contact import benchmark (results and method in BENCHMARKS.md): the real import of generated files into
// a fresh database, beside a bare csv-parse (or exceljs) + libphonenumber loop over the same file in the
// same run. Each side runs in a child process of its own, so its peak RSS is its own.
// Usage: npx tsx services/campaign/src/import/import.bench.ts [--quick] [--profile]
// --profile: the 200,000-row CSV import once more under V8's CPU profiler (.cpuprofile under
// .bench-results/profiles/), with its self time by package printed.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ImportFormat, ImportHeader } from '@ringpace/proto';
import { NumberTypes } from './number-types.js';
import { cellText } from './xlsx-reader.js';

const thisFile = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(thisFile), '../../../..');
const RSS_SAMPLE_MS = 100;
const READ_CHUNK_BYTES = 256 * 1024;
const EXCLUDED = new Set(['PREMIUM_RATE']);
const ROUNDS = 2;
const CAPPED_HEAP_MB = 160;

type Kind = 'bare-csv' | 'bare-csv-two-pass' | 'bare-csv-typed' | 'import-csv' | 'bare-xlsx' | 'import-xlsx';

interface PhaseResult {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly startRssMb: number;
  readonly peakRssMb: number;
  /** CPU seconds of the benchmark's own process over the phase. */
  readonly cpuSeconds: number;
  /** Import only: RSS with the database client loaded and the campaign created, before the first byte. */
  readonly readyRssMb?: number;
  /** Import only: CPU seconds of the PostgreSQL backends over the import, where /proc shows them. */
  readonly databaseCpuSeconds?: number;
  readonly accepted?: number;
  readonly rejected?: number;
  readonly rejectedByReason?: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------------
// Files: deterministic, mostly valid Chinese mobiles, with the mix a real list has.

const prefixes = ['138', '139', '186', '150', '135'];
const names = ['张伟', '王芳', 'Li Na', 'Liu Yang', '陈杰', 'Yang Min', '黄磊', 'Zhao Jing'];

function row(i: number): [phone: string, name: string, amount: string] {
  const name = `${names[i % names.length]} ${i % 997}`;
  const amount = `${(i * 37) % 5000}.${String(i % 100).padStart(2, '0')}`;
  const kind = i % 200;
  if (kind === 7) return ['', name, amount]; // missing
  if (kind === 13 || kind === 14) return [i % 2 === 0 ? 'n/a' : '12345', name, amount]; // invalid
  if (kind === 21) return [`+1 900 555 ${String(i % 10_000).padStart(4, '0')}`, name, amount]; // premium rate
  if (kind >= 30 && kind < 32 && i > 1_000) return [phoneOf(i - 997), name, amount]; // repeat of an earlier row
  return [phoneOf(i), name, amount];
}

function phoneOf(i: number): string {
  return `${prefixes[i % prefixes.length]}${String((i * 7_919) % 100_000_000).padStart(8, '0')}`;
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let buffer = 'tel,name,amount\n';
  for (let i = 0; i < rows; i += 1) {
    const [phone, name, amount] = row(i);
    buffer += `${phone},${name},${amount}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((done) => out.once('drain', () => done()));
      buffer = '';
    }
  }
  await new Promise<void>((done, fail) => out.end(buffer, () => done()).once('error', fail));
}

async function writeXlsx(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Contacts');
  sheet.addRow(['tel', 'name', 'amount']).commit();
  for (let i = 0; i < rows; i += 1) {
    const [phone, name, amount] = row(i);
    // Spreadsheets hold numbers as numbers unless someone formatted the column as text: a mix of both.
    sheet.addRow([i % 2 === 0 && /^\d+$/.test(phone) ? Number(phone) : phone, name, Number(amount)]).commit();
  }
  sheet.commit();
  await workbook.commit();
}

// ---------------------------------------------------------------------------------------------------
// Child phases

function rssSampler(): { stop: () => { startRssMb: number; peakRssMb: number } } {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), RSS_SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { startRssMb: Math.round(startRss / 2 ** 20), peakRssMb: Math.round(peak / 2 ** 20) };
    },
  };
}

/** The work every row of the import does with libphonenumber, and nothing else: parse, type (defined exactly for valid numbers), E.164. */
function classifyPhone(raw: string): boolean {
  const number = parsePhoneNumberFromString(raw.trim(), 'CN');
  const type = number?.getType();
  if (number === undefined || type === undefined) return false;
  return !EXCLUDED.has(type) && number.number.length > 0;
}

/**
 * The bare loop as first written, and as the targets were first set against: isValid() and then getType(),
 * which runs the region's patterns twice (isValid() is getType() !== undefined). Kept as a second
 * baseline so that runs before and after the import dropped the second pass can be compared.
 */
function classifyPhoneTwoPass(raw: string): boolean {
  const number = parsePhoneNumberFromString(raw.trim(), 'CN');
  if (number === undefined || !number.isValid()) return false;
  const type = number.getType();
  return (type === undefined || !EXCLUDED.has(type)) && number.number.length > 0;
}

/**
 * The loop with the import's own number check: libphonenumber's parse, then the type from patterns
 * compiled once (NumberTypes) instead of getType(). The floor of the import's own per-row work, so the
 * import's ratio to it is what storing costs, with no credit for the cheaper check.
 */
let numberTypes: NumberTypes | undefined;
function classifyPhoneTyped(raw: string): boolean {
  numberTypes ??= new NumberTypes();
  const number = parsePhoneNumberFromString(raw.trim(), 'CN');
  const type = number === undefined ? undefined : numberTypes.typeOf(number);
  if (number === undefined || type === undefined) return false;
  return !EXCLUDED.has(type) && number.number.length > 0;
}

/** CPU seconds of this process since `start`. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1e4) / 100;
}

/** CPU ticks of the PostgreSQL backends serving `database` (Linux /proc, local server); empty elsewhere. */
function backendTicks(database: string): Map<number, number> {
  const ticks = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      const statLine = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!statLine.includes('(postgres)') || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(database)) continue;
      const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks;
}

/** Samples the backends' CPU until stopped: a backend's ticks are lost when it exits, so the last sample counts. */
function backendCpu(database: string): { stop: () => number | undefined } {
  const first = backendTicks(database);
  const last = new Map(first);
  const sample = () => {
    for (const [pid, ticks] of backendTicks(database)) last.set(pid, ticks);
  };
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      if (last.size === 0) return undefined;
      let ticks = 0;
      for (const [pid, value] of last) ticks += value - (first.get(pid) ?? 0);
      return Math.round(ticks) / 100;
    },
  };
}

async function bareCsv(path: string, start: () => void, classify: (raw: string) => boolean = classifyPhone): Promise<{ rows: number }> {
  start();
  let rows = -1;
  const parser = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }).pipe(parse({ relax_column_count: true }));
  for await (const record of parser as AsyncIterable<string[]>) {
    rows += 1;
    if (rows > 0) classify(record[0] ?? '');
  }
  return { rows };
}

async function bareXlsx(path: string, start: () => void): Promise<{ rows: number }> {
  start();
  let rows = 0;
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  for await (const sheet of workbook) {
    for await (const sheetRow of sheet) {
      if (sheetRow.number === 1) continue;
      rows += 1;
      classifyPhone(cellText((sheetRow.values as unknown[])[1]));
    }
  }
  return { rows };
}

async function importFile(path: string, format: ImportFormat, start: () => void): Promise<{ rows: number; readyRssMb: number; databaseCpuSeconds?: number; accepted: number; rejected: number; rejectedByReason: Record<string, number> }> {
  // Loaded here, not at the top: the bare loop's memory should not include the database client.
  const [{ systemClock }, { silentLogger }, { createTestDatabase }, { createTenantWithCampaign }, { runContactImport }] = await Promise.all([
    import('@ringpace/clock'),
    import('@ringpace/log'),
    import('@ringpace/testing'),
    import('./import-test-support.js'),
    import('./run-contact-import.js'),
  ]);
  const database = await createTestDatabase({ poolMax: 4, statementTimeoutMs: 60_000 });
  try {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, systemClock.now(), { excludedNumberTypes: [...EXCLUDED] });
    const header = ImportHeader.fromPartial({
      campaignId,
      importId: crypto.randomUUID(),
      format,
      hasHeader: true,
      columns: { phone: 'tel', name: 'name', timezone: '', fields: { amount: 'amount' } },
      sizeBytes: (await stat(path)).size,
    });
    const readyRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    // Timed from here: loading the database client and cloning the database are no part of the import.
    start();
    const chunks = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    const databaseCpu = backendCpu(database.name);
    const result = await runContactImport({ pool: database.db.pool, clock: systemClock, tenantId, header, chunks, signal: new AbortController().signal, log: silentLogger() });
    const databaseCpuSeconds = databaseCpu.stop();
    const counts = result.counts!;
    if (counts.accepted + counts.rejected !== counts.read) throw new Error(`counts do not add up: ${JSON.stringify(counts)}`);
    return { rows: counts.read, readyRssMb, ...(databaseCpuSeconds === undefined ? {} : { databaseCpuSeconds }), accepted: counts.accepted, rejected: counts.rejected, rejectedByReason: counts.rejectedByReason };
  } finally {
    await database.drop();
  }
}

function phase(kind: Kind, path: string, start: () => void): Promise<{ rows: number }> {
  switch (kind) {
    case 'bare-csv':
      return bareCsv(path, start);
    case 'bare-csv-two-pass':
      return bareCsv(path, start, classifyPhoneTwoPass);
    case 'bare-csv-typed':
      return bareCsv(path, start, classifyPhoneTyped);
    case 'bare-xlsx':
      return bareXlsx(path, start);
    case 'import-csv':
      return importFile(path, ImportFormat.CSV, start);
    case 'import-xlsx':
      return importFile(path, ImportFormat.XLSX, start);
  }
}

async function child(kind: Kind, path: string): Promise<void> {
  const sampler = rssSampler();
  let startedMs = performance.now();
  let startCpu = process.cpuUsage();
  const start = () => {
    startedMs = performance.now();
    startCpu = process.cpuUsage();
  };
  const outcome = await phase(kind, path, start);
  const seconds = (performance.now() - startedMs) / 1_000;
  const result: PhaseResult = { ...outcome, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(outcome.rows / seconds), cpuSeconds: cpuSecondsSince(startCpu), ...sampler.stop() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Parent: files, phases, report

function runChild(kind: Kind, path: string, nodeFlags: readonly string[] = []): Promise<PhaseResult> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', thisFile, '--child', kind, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (data: Buffer) => (out += data.toString('utf8')));
    proc.once('error', fail);
    proc.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || line === '') fail(new Error(`${kind} exited with ${code}`));
      else done(JSON.parse(line) as PhaseResult);
    });
  });
}

function microsPerRow(seconds: number | undefined, rows: number): string {
  return seconds === undefined ? '?' : (Math.round((seconds * 1e7) / rows) / 10).toString();
}

function cpuSplit(result: PhaseResult): string {
  return `CPU/row µs: node ${microsPerRow(result.cpuSeconds, result.rows)} + database ${microsPerRow(result.databaseCpuSeconds, result.rows)}`;
}

/** The import of `path` once more under V8's CPU profiler; prints the self time by package or source file. */
async function profileImport(path: string, kind: Kind): Promise<void> {
  const dir = join(repoRoot, '.bench-results', 'profiles');
  await mkdir(dir, { recursive: true });
  const before = new Set(await readdir(dir));
  await runChild(kind, path, ['--cpu-prof', '--cpu-prof-dir', dir]);
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (the others are loader workers).
  const written = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile') && !before.has(name) && name.split('.')[4] === '0');
  for (const name of written) {
    const profile = JSON.parse(await readFile(join(dir, name), 'utf8')) as { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; samples: number[]; timeDeltas: number[] };
    const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    const self = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const frame = nodes.get(id);
      const delta = profile.timeDeltas[i] ?? 0;
      total += delta;
      const url = frame?.url ?? '';
      const where = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/src/') ? url.slice(url.lastIndexOf('/') + 1) : url.startsWith('node:') ? 'node internals' : (frame?.functionName ?? '?'));
      self.set(where, (self.get(where) ?? 0) + delta);
    });
    process.stdout.write(`\nprofile of ${kind} ${path.slice(path.lastIndexOf('/') + 1)} (${join('.bench-results', 'profiles', name)}): self time, ${Math.round(total / 1e3)} ms in all\n`);
    for (const [where, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
      process.stdout.write(`  ${String(Math.round(micros / 1e3)).padStart(6)} ms ${((micros / total) * 100).toFixed(1).padStart(5)} %  ${where}\n`);
    }
  }
}

function mean(values: readonly number[]): number {
  return Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const profile = process.argv.includes('--profile');
  const scale = quick ? 10 : 1;
  const dir = await mkdtemp(join(tmpdir(), 'ringpace-import-bench-'));
  const cases = [
    { name: `CSV ${(1_000_000 / scale).toLocaleString('en')} rows`, file: join(dir, 'large.csv'), rows: 1_000_000 / scale, format: 'csv' as const },
    { name: `CSV ${(200_000 / scale).toLocaleString('en')} rows`, file: join(dir, 'medium.csv'), rows: 200_000 / scale, format: 'csv' as const },
    { name: `XLSX ${(100_000 / scale).toLocaleString('en')} rows`, file: join(dir, 'medium.xlsx'), rows: 100_000 / scale, format: 'xlsx' as const },
  ];
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageBefore: loadavg().map((load) => Math.round(load * 10) / 10) };
  process.stderr.write(`machine: ${JSON.stringify(machine)}\n`);
  const runs = [];
  try {
    for (const entry of cases) {
      process.stderr.write(`generating ${entry.name}\n`);
      if (entry.format === 'csv') await writeCsv(entry.file, entry.rows);
      else await writeXlsx(entry.file, entry.rows);
      const bytes = (await stat(entry.file)).size;
      // Alternating rounds spread a slow spell of the (shared) machine over both sides.
      const rounds: { baseline: PhaseResult; twoPass?: PhaseResult; typed?: PhaseResult; ours: PhaseResult; ratio: number }[] = [];
      for (let round = 1; round <= ROUNDS; round += 1) {
        process.stderr.write(`  round ${round}: bare loop\n`);
        const baseline = await runChild(entry.format === 'csv' ? 'bare-csv' : 'bare-xlsx', entry.file);
        const twoPass = entry.format === 'csv' ? await runChild('bare-csv-two-pass', entry.file) : undefined;
        const typed = entry.format === 'csv' ? await runChild('bare-csv-typed', entry.file) : undefined;
        process.stderr.write(`  round ${round}: import\n`);
        const ours = await runChild(entry.format === 'csv' ? 'import-csv' : 'import-xlsx', entry.file);
        const ratio = Math.round((ours.rowsPerSecond / baseline.rowsPerSecond) * 100) / 100;
        rounds.push({ baseline, ...(twoPass === undefined ? {} : { twoPass }), ...(typed === undefined ? {} : { typed }), ours, ratio });
        process.stderr.write(
          `    bare ${baseline.rowsPerSecond} rows/s (peak ${baseline.peakRssMb} MB, ${microsPerRow(baseline.cpuSeconds, baseline.rows)} µs CPU/row)${twoPass === undefined ? '' : ` · bare, two passes ${twoPass.rowsPerSecond} rows/s`}${typed === undefined ? '' : ` · bare, typed as the import does ${typed.rowsPerSecond} rows/s (${microsPerRow(typed.cpuSeconds, typed.rows)} µs CPU/row)`} · import ${ours.rowsPerSecond} rows/s (peak ${ours.peakRssMb} MB, ${cpuSplit(ours)}) · ratio ${ratio}\n`,
        );
      }
      let cappedHeap: PhaseResult | undefined;
      if (entry.format === 'csv') {
        // The same import with V8's old space capped, as a container would set it: what the import keeps
        // alive, rather than how much garbage V8 lets pile up before collecting.
        process.stderr.write(`  import with --max-old-space-size=${CAPPED_HEAP_MB}\n`);
        cappedHeap = await runChild('import-csv', entry.file, [`--max-old-space-size=${CAPPED_HEAP_MB}`]);
        process.stderr.write(`    import ${cappedHeap.rowsPerSecond} rows/s (peak ${cappedHeap.peakRssMb} MB, ${cpuSplit(cappedHeap)})\n`);
      }
      if (profile && entry === cases[1]) await profileImport(entry.file, 'import-csv');
      const baselineRowsPerSecond = mean(rounds.map((round) => round.baseline.rowsPerSecond));
      const oursRowsPerSecond = mean(rounds.map((round) => round.ours.rowsPerSecond));
      const twoPassRates = rounds.flatMap((round) => (round.twoPass === undefined ? [] : [round.twoPass.rowsPerSecond]));
      const twoPassRowsPerSecond = twoPassRates.length === 0 ? undefined : mean(twoPassRates);
      const typedRates = rounds.flatMap((round) => (round.typed === undefined ? [] : [round.typed.rowsPerSecond]));
      const typedRowsPerSecond = typedRates.length === 0 ? undefined : mean(typedRates);
      runs.push({
        case: entry.name,
        rows: entry.rows,
        megabytes: Math.round(bytes / 1e5) / 10,
        baselineRowsPerSecond,
        oursRowsPerSecond,
        ratio: Math.round((oursRowsPerSecond / baselineRowsPerSecond) * 100) / 100,
        ...(twoPassRowsPerSecond === undefined ? {} : { twoPassRowsPerSecond, twoPassRatio: Math.round((oursRowsPerSecond / twoPassRowsPerSecond) * 100) / 100 }),
        ...(typedRowsPerSecond === undefined ? {} : { typedRowsPerSecond, typedRatio: Math.round((oursRowsPerSecond / typedRowsPerSecond) * 100) / 100 }),
        baselinePeakRssMb: Math.max(...rounds.map((round) => round.baseline.peakRssMb)),
        oursPeakRssMb: Math.max(...rounds.map((round) => round.ours.peakRssMb)),
        rounds,
        ...(cappedHeap === undefined ? {} : { cappedHeap: { maxOldSpaceSizeMb: CAPPED_HEAP_MB, ...cappedHeap } }),
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const report = { benchmark: 'contact-import', date: new Date().toISOString(), quick, machine: { ...machine, loadAverageAfter: loadavg().map((load) => Math.round(load * 10) / 10) }, runs };
  await mkdir(join(repoRoot, '.bench-results'), { recursive: true });
  await writeFile(join(repoRoot, '.bench-results', 'import.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`| case | bare loop rows/s | import rows/s | ratio | bare loop peak RSS | import RSS ready → peak | CPU µs/row: bare loop · import node + database |\n|---|---:|---:|---:|---:|---:|---|\n`);
  for (const run of runs) {
    const ready = Math.max(...run.rounds.map((round) => round.ours.readyRssMb ?? 0));
    const bareCpu = microsPerRow(mean(run.rounds.map((round) => round.baseline.cpuSeconds * 1_000)) / 1_000, run.rows);
    const last = run.rounds.at(-1)!.ours;
    process.stdout.write(`| ${run.case} | ${run.baselineRowsPerSecond.toLocaleString('en')} | ${run.oursRowsPerSecond.toLocaleString('en')} | ${run.ratio} | ${run.baselinePeakRssMb} MB | ${ready} → ${run.oursPeakRssMb} MB | ${bareCpu} · ${microsPerRow(last.cpuSeconds, last.rows)} + ${microsPerRow(last.databaseCpuSeconds, last.rows)} |\n`);
    if (run.twoPassRowsPerSecond !== undefined) {
      process.stdout.write(`| ${run.case}, against the bare loop with isValid() + getType() | ${run.twoPassRowsPerSecond.toLocaleString('en')} | | ${run.twoPassRatio} | | | |\n`);
    }
    if (run.typedRowsPerSecond !== undefined) {
      process.stdout.write(`| ${run.case}, against the bare loop typing numbers as the import does | ${run.typedRowsPerSecond.toLocaleString('en')} | | ${run.typedRatio} | | | |\n`);
    }
    if (run.cappedHeap !== undefined) {
      process.stdout.write(`| ${run.case}, old space ${CAPPED_HEAP_MB} MB | | ${run.cappedHeap.rowsPerSecond.toLocaleString('en')} | | | ${run.cappedHeap.readyRssMb ?? 0} → ${run.cappedHeap.peakRssMb} MB | · ${microsPerRow(run.cappedHeap.cpuSeconds, run.cappedHeap.rows)} + ${microsPerRow(run.cappedHeap.databaseCpuSeconds, run.cappedHeap.rows)} |\n`);
    }
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(process.argv[childAt + 1] as Kind, process.argv[childAt + 2] ?? '');
else await main();
