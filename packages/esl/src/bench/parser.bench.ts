// Benchmark: decoding the recorded FreeSWITCH traffic (every capture's server stream, in its real TCP
// chunks) fully — frames split, headers parsed, plain values URL-decoded, JSON bodies parsed — by
// @ringpace/esl, by esl-lite's FreeSwitchParser followed by the same decoding, and by modesl's parser.
// Run: npx tsx packages/esl/src/bench/parser.bench.ts [--runs N] [--run-ms MS] [--out FILE]
import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FreeSwitchParser } from 'esl-lite';
import { chunksOf } from '../capture/capture-file.js';
import { decodeFrame } from '../decode/frame-decoder.js';
import { StreamDecoder } from '../decode/stream-decoder.js';
import { EslProtocolError } from '../errors.js';
import type { FrameHeaders } from '../protocol/frame-splitter.js';
import { captureNames, loadCapture } from '../testing/fixtures.js';

type ModeslParser = new (socket: EventEmitter) => EventEmitter;
const require = createRequire(import.meta.url);
const ModeslParserClass = (require('modesl') as { Parser: ModeslParser }).Parser;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, 'run-ms': { type: 'string', default: '1500' }, out: { type: 'string', default: resolve(repoRoot, '.bench-results/esl-parser.json') } } });
const RUNS = Number(values.runs);
const RUN_MS = Number(values['run-ms']);

/** One pass = one connection's worth of work: a fresh parser over every capture's server chunks. */
interface Pass {
  readonly events: number;
  readonly frames: number;
}

type Contender = { readonly name: string; readonly pass: (chunks: readonly Buffer[]) => Promise<Pass> | Pass };

const silent = { error: () => undefined, child() { return this; } };

const ours: Contender = {
  name: '@ringpace/esl',
  pass(chunks) {
    const decoder = new StreamDecoder();
    let events = 0;
    let frames = 0;
    for (const chunk of chunks) {
      const result = decoder.push(chunk);
      if (result.error !== undefined) throw result.error;
      frames += result.frames.length;
      for (const frame of result.frames) if (frame.kind === 'event') events += 1;
    }
    return { events, frames };
  },
};

/** What a socket's async iterator gives esl-lite: one chunk per read. */
function source(chunks: readonly Buffer[]): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      let index = 0;
      return {
        next: () => Promise.resolve(index < chunks.length ? { value: chunks[index++] as Buffer, done: false as const } : { value: undefined, done: true as const }),
      };
    },
  };
}

/** The outer headers decodeFrame reads, through esl-lite's public Headers getters. */
const OUTER_HEADERS = ['Content-Type', 'Content-Length', 'Reply-Text', 'Job-UUID', 'Content-Disposition', 'Controlled-Session-UUID', 'Log-Level'];
function outerHeaders(headers: { get(name: string): string | undefined }): FrameHeaders {
  const record: Record<string, string> = {};
  for (const name of OUTER_HEADERS) {
    const value = headers.get(name);
    if (value !== undefined) record[name] = value;
  }
  return record;
}

const eslLite: Contender = {
  name: 'esl-lite 3.2.0 FreeSwitchParser + same decoding',
  async pass(chunks) {
    let events = 0;
    let frames = 0;
    for await (const raw of FreeSwitchParser(source(chunks), silent as never)) {
      if (raw instanceof Error) continue;
      const decoded = decodeFrame({ headers: outerHeaders(raw.headers), body: raw.body });
      if (decoded instanceof EslProtocolError) throw decoded;
      frames += 1;
      if (decoded.kind === 'event') events += 1;
    }
    return { events, frames };
  },
};

const modesl: Contender = {
  name: 'modesl 1.2.1 Parser',
  pass(chunks) {
    const socket = new EventEmitter();
    const parser = new ModeslParserClass(socket);
    let events = 0;
    let frames = 0;
    parser.on('esl::event', (_event: unknown, headers: Record<string, unknown>) => {
      frames += 1;
      if (typeof headers['Content-Type'] === 'string' && headers['Content-Type'].startsWith('text/event-')) events += 1;
    });
    for (const chunk of chunks) socket.emit('data', chunk);
    return { events, frames };
  },
};

interface RunFigures {
  readonly passes: number;
  readonly elapsedMs: number;
  readonly eventsPerSec: number;
  readonly framesPerSec: number;
  readonly mbPerSec: number;
}

async function timedRun(contender: Contender, chunks: readonly Buffer[], bytes: number, pass: Pass): Promise<RunFigures> {
  let passes = 0;
  const startedAt = performance.now();
  let elapsedMs = 0;
  while (elapsedMs < RUN_MS) {
    await contender.pass(chunks);
    passes += 1;
    elapsedMs = performance.now() - startedAt;
  }
  const seconds = elapsedMs / 1000;
  return { passes, elapsedMs, eventsPerSec: (pass.events * passes) / seconds, framesPerSec: (pass.frames * passes) / seconds, mbPerSec: (bytes * passes) / seconds / 1e6 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const chunks: Buffer[] = [];
for (const name of captureNames) for (const chunk of chunksOf(await loadCapture(name), '<')) chunks.push(chunk.data);
const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);

const contenders = [ours, eslLite, modesl];
const passes: Pass[] = [];
for (const contender of contenders) {
  passes.push(await contender.pass(chunks));
  // Warm-up: let the JIT settle before the timed runs.
  const warmUntil = performance.now() + RUN_MS / 2;
  while (performance.now() < warmUntil) await contender.pass(chunks);
}
// Runs alternate between contenders, so a busy neighbour on the machine slows all of them alike.
const runs: RunFigures[][] = contenders.map(() => []);
for (let run = 0; run < RUNS; run++) {
  for (const [index, contender] of contenders.entries()) {
    process.stderr.write(`run ${run + 1}/${RUNS}: ${contender.name}\n`);
    runs[index]?.push(await timedRun(contender, chunks, bytes, passes[index] as Pass));
  }
}
const results = contenders.map((contender, index) => {
  const figures = runs[index] ?? [];
  const pass = passes[index] as Pass;
  return {
    name: contender.name,
    eventsPerPass: pass.events,
    framesPerPass: pass.frames,
    medianEventsPerSec: median(figures.map((run) => run.eventsPerSec)),
    medianFramesPerSec: median(figures.map((run) => run.framesPerSec)),
    medianMbPerSec: median(figures.map((run) => run.mbPerSec)),
    runs: figures,
  };
});

const base = results[0]?.medianEventsPerSec ?? 0;
const format = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows = results.map((result) => [result.name, format(result.medianEventsPerSec), format(result.medianMbPerSec, 1), format(result.medianFramesPerSec), `${result.eventsPerPass}/${result.framesPerPass}`, result === results[0] ? '1.00×' : `${format(base / result.medianEventsPerSec, 2)}×`]);
const header = ['parser', 'events/s', 'MB/s', 'frames/s', 'events/frames per pass', 'ours is'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
process.stdout.write(`\nESL parsing, fully decoded: ${captureNames.length} captures, ${chunks.length} server chunks, ${format(bytes)} bytes per pass; median of ${RUNS} runs of ${RUN_MS} ms\n\n`);
process.stdout.write(`${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${rows.map(line).join('\n')}\n\n`);

const report = {
  benchmark: 'esl-parser',
  date: new Date().toISOString(),
  method: { runs: RUNS, runMs: RUN_MS, statistic: 'median', bytesPerPass: bytes, chunksPerPass: chunks.length, captures: captureNames },
  machine: { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: `${os.platform()} ${os.release()}` },
  results,
  ratios: {
    oursOverEslLite: base / (results[1]?.medianEventsPerSec ?? Number.NaN),
    oursOverModesl: base / (results[2]?.medianEventsPerSec ?? Number.NaN),
  },
};
await mkdir(dirname(values.out), { recursive: true });
await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`figures written to ${values.out}\n`);
