// CSV (RFC 4180 quoting) and TXT (delimited, no quoting) text → records, fed chunk by chunk.
// Parsed line by line so that a broken row costs only itself: a quoted field may span lines, but a
// record that then fails (bad quote, wrong column count, no closing quote within MAX_RECORD_LINES)
// rejects its first line only and the lines after it are read again as rows of their own.
import type { SourceRecord } from './source-record.js';
import { REPLACEMENT_CHARACTER } from './text-decoder.js';

/** Tried in this order when the client names no delimiter; the most frequent on the first line wins. */
export const DELIMITER_CANDIDATES = [',', '\t', ';', '|'] as const;
/** A quoted field open longer than this is taken for a missing closing quote. */
export const MAX_RECORD_LINES = 100;
export const MAX_RECORD_CHARS = 64 * 1024;
/** A longer line is rejected without being kept in memory. */
export const MAX_LINE_CHARS = 1024 * 1024;
const QUOTE = 0x22;
const RAW_SAMPLE_CHARS = 200;

export interface DelimitedReaderOptions {
  /** CSV: fields may be quoted; TXT: quotes are plain characters. */
  readonly quoting: boolean;
  /** Undefined: detected on the first line that is not blank. */
  readonly delimiter: string | undefined;
}

type Parsed = { readonly kind: 'fields'; readonly fields: string[] } | { readonly kind: 'open' } | { readonly kind: 'error'; readonly detail: string };

/** One line (or several joined by \n) of RFC 4180 CSV; 'open' when it ends inside a quoted field. */
export function parseQuoted(text: string, delimiter: string | null): Parsed {
  const fields: string[] = [];
  const end = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { kind: 'open' };
        if (text.charCodeAt(quote + 1) === QUOTE) {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        i = quote + 1;
        break;
      }
      while (i < end && text[i] === ' ') i += 1;
      fields.push(value);
      if (i >= end) return { kind: 'fields', fields };
      if (delimiter === null || !text.startsWith(delimiter, i)) {
        return { kind: 'error', detail: `unexpected character after the closing quote of column ${fields.length}` };
      }
      i += delimiter.length;
      continue;
    }
    // Unquoted: a quote inside is an ordinary character (as Excel writes 12" tape).
    const next = delimiter === null ? -1 : text.indexOf(delimiter, i);
    if (next < 0) {
      fields.push(text.slice(i));
      return { kind: 'fields', fields };
    }
    fields.push(text.slice(i, next));
    i = next + delimiter!.length;
  }
}

/** The candidate seen most often outside quotes, or null (one column) when none occurs. */
export function detectDelimiter(line: string, quoting: boolean): string | null {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of line) {
    if (quoting && char === '"') quoted = !quoted;
    else if (!quoted && (DELIMITER_CANDIDATES as readonly string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

function sample(raw: string): string {
  return raw.length > RAW_SAMPLE_CHARS ? raw.slice(0, RAW_SAMPLE_CHARS) : raw;
}

export class DelimitedReader {
  private readonly quoting: boolean;
  private delimiter: string | null | undefined;
  private newline: '\n' | '\r' | undefined;
  private carry = '';
  /** Physical lines consumed so far. */
  private lineNumber = 0;
  /** Columns of the first record (the header row, or the first data row): every row must have as many. */
  private width: number | undefined;
  private open: { startLine: number; lines: string[]; chars: number } | undefined;
  /** Inside a line longer than MAX_LINE_CHARS, already rejected: drop text up to its end. */
  private discarding = false;
  private out: SourceRecord[] = [];

  constructor(options: DelimitedReaderOptions) {
    this.quoting = options.quoting;
    this.delimiter = options.delimiter;
  }

  /** The delimiter in use; undefined until the first line that is not blank. */
  get detectedDelimiter(): string | null | undefined {
    return this.delimiter;
  }

  push(text: string): SourceRecord[] {
    let data = this.carry + text;
    this.carry = '';
    if (this.discarding) {
      const at = data.search(/[\r\n]/);
      if (at < 0) return this.take();
      this.discarding = false;
      this.lineNumber += 1;
      const crlf = data[at] === '\r' && data[at + 1] === '\n';
      this.newline ??= data[at] === '\n' || crlf ? '\n' : '\r';
      data = data.slice(at + (crlf ? 2 : 1));
    }
    if (this.newline === undefined) {
      const lf = data.indexOf('\n');
      const cr = data.indexOf('\r');
      if (lf >= 0 && (cr < 0 || lf <= cr + 1)) this.newline = '\n';
      else if (cr >= 0 && cr + 1 < data.length) this.newline = '\r';
    }
    let start = 0;
    if (this.newline !== undefined) {
      const newline = this.newline;
      for (let at = data.indexOf(newline); at >= 0; at = data.indexOf(newline, start)) {
        const line = newline === '\n' && data.charCodeAt(at - 1) === 0x0d && at > start ? data.slice(start, at - 1) : data.slice(start, at);
        start = at + 1;
        this.lineNumber += 1;
        if (line.length > MAX_LINE_CHARS) this.rejectLongLine(line, this.lineNumber);
        else this.feed(line, this.lineNumber);
      }
    }
    this.carry = start === 0 ? data : data.slice(start);
    if (this.carry.length > MAX_LINE_CHARS) {
      // The line is not over yet: reject it now and drop the rest of it as it arrives.
      this.rejectLongLine(this.carry, this.lineNumber + 1);
      this.carry = '';
      this.discarding = true;
    }
    return this.take();
  }

  end(): SourceRecord[] {
    if (!this.discarding && this.carry !== '') {
      const last = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
      this.carry = '';
      this.lineNumber += 1;
      this.feed(last, this.lineNumber);
    }
    if (this.open !== undefined) this.abandon(this.open, 'no closing quote before the end of the file');
    return this.take();
  }

  private take(): SourceRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  private rejectLongLine(line: string, lineNumber: number): void {
    if (this.open !== undefined) this.abandon(this.open, `no closing quote within ${MAX_RECORD_LINES} lines`);
    this.out.push({ kind: 'malformed', line: lineNumber, raw: sample(line), detail: `line longer than ${MAX_LINE_CHARS} characters` });
  }

  private feed(line: string, lineNumber: number): void {
    if (this.open !== undefined) {
      this.continueOpen(this.open, line);
      return;
    }
    if (isBlank(line)) return;
    this.delimiter ??= detectDelimiter(line, this.quoting);
    if (!this.quoting || !line.includes('"')) {
      this.emit(this.delimiter === null ? [line] : line.split(this.delimiter), lineNumber, line);
      return;
    }
    const parsed = parseQuoted(line, this.delimiter);
    if (parsed.kind === 'open') this.open = { startLine: lineNumber, lines: [line], chars: line.length };
    else if (parsed.kind === 'error') this.out.push({ kind: 'malformed', line: lineNumber, raw: sample(line), detail: parsed.detail });
    else this.emit(parsed.fields, lineNumber, line);
  }

  private continueOpen(open: { startLine: number; lines: string[]; chars: number }, line: string): void {
    open.lines.push(line);
    open.chars += line.length + 1;
    const parsed = parseQuoted(open.lines.join('\n'), this.delimiter ?? null);
    if (parsed.kind === 'open') {
      if (open.lines.length >= MAX_RECORD_LINES || open.chars > MAX_RECORD_CHARS) this.abandon(open, `no closing quote within ${MAX_RECORD_LINES} lines`);
      return;
    }
    if (parsed.kind === 'error') {
      this.abandon(open, parsed.detail);
      return;
    }
    const problem = this.widthProblem(parsed.fields);
    if (problem !== undefined) {
      this.abandon(open, problem);
      return;
    }
    this.open = undefined;
    this.emit(parsed.fields, open.startLine, open.lines.join('\n'));
  }

  /** The record starting at `open.startLine` is broken: reject that line, read the others again. */
  private abandon(open: { startLine: number; lines: string[] }, detail: string): void {
    this.open = undefined;
    this.out.push({ kind: 'malformed', line: open.startLine, raw: sample(open.lines[0] ?? ''), detail });
    open.lines.slice(1).forEach((line, index) => this.feed(line, open.startLine + 1 + index));
  }

  private widthProblem(fields: string[]): string | undefined {
    if (this.width === undefined || fields.length === this.width) return undefined;
    // Trailing empty cells (a spreadsheet's "a,b,,") are padding, not columns.
    if (fields.length > this.width && fields.slice(this.width).every(isBlank)) return undefined;
    return `expected ${this.width} columns, found ${fields.length}`;
  }

  private emit(fields: string[], line: number, raw: string): void {
    if (fields.every(isBlank)) return;
    if (this.width === undefined) this.width = fields.length;
    const problem = this.widthProblem(fields);
    if (problem !== undefined) {
      this.out.push({ kind: 'malformed', line, raw: sample(raw), detail: problem });
      return;
    }
    if (raw.includes(REPLACEMENT_CHARACTER)) {
      this.out.push({ kind: 'malformed', line, raw: sample(raw), detail: 'bytes that are not text in the file\'s encoding' });
      return;
    }
    this.out.push({ kind: 'row', line, cells: fields.length > this.width ? fields.slice(0, this.width) : fields });
  }
}
