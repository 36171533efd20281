#!/usr/bin/env node
// esl-replay FILE [--dir '<'|'>']: prints every frame of a capture (.jsonl) as one JSON line, for tests
// and for an operator reading a trace. Server-to-client by default; `--dir '>'` prints the client's writes.
import { parseArgs } from 'node:util';
import { readCapture } from '../capture/capture-file.js';
import { replayCapture } from '../capture/replay.js';

const usage = "usage: esl-replay FILE [--dir '<'|'>']";

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { dir: { type: 'string', default: '<' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const file = positionals[0];
  const dir = values.dir;
  if (file === undefined || positionals.length > 1 || (dir !== '<' && dir !== '>')) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const records = await readCapture(file);
  const lines = replayCapture(records, dir);
  process.stdout.write(lines.map((line) => JSON.stringify(line)).join('\n') + (lines.length > 0 ? '\n' : ''));
  return lines.some((line) => 'error' in line) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`esl-replay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
