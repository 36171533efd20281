// How results reach the operator: one JSON document on stdout with --json, otherwise plain lines and
// padded tables sized by display width (CJK names take two columns).
import type { Writer } from './io.js';

export type Cell = string | number | boolean | undefined;

export interface Column {
  readonly header: string;
  /** Right-aligned (numbers). */
  readonly right?: boolean;
}

// East Asian wide and fullwidth ranges (Unicode UAX #11), enough for names and addresses in tables.
const wideRanges: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const point = char.codePointAt(0) ?? 0;
    width += wideRanges.some(([low, high]) => point >= low && point <= high) ? 2 : 1;
  }
  return width;
}

function cellText(cell: Cell): string {
  if (cell === undefined) return '';
  return String(cell);
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** Rows under a header, columns two spaces apart, no trailing blanks. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  const texts = rows.map((row) => columns.map((_, index) => cellText(row[index])));
  const widths = columns.map((column, index) => Math.max(displayWidth(column.header), ...texts.map((row) => displayWidth(row[index]!))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => pad(cell, widths[index]!, columns[index]!.right === true))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...texts.map(line)].join('\n') + '\n';
}

/** "key: value" lines with the values aligned. */
export function formatFields(fields: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(0, ...fields.map(([key]) => displayWidth(key)));
  return fields.map(([key, value]) => `${pad(`${key}:`, width + 1, false)} ${cellText(value)}`.trimEnd()).join('\n') + '\n';
}

/** Dates as ISO text, maps and arrays as they are: what JSON.stringify makes of a ts-proto message. */
export function toJsonText(document: unknown): string {
  return JSON.stringify(document, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value), 2) + '\n';
}

export class Output {
  constructor(
    private readonly stdout: Writer,
    private readonly stderr: Writer,
    readonly json: boolean,
  ) {}

  /** The command's result: `document` with --json, else whatever `human` prints. */
  result(document: unknown, human: () => void): void {
    if (this.json) this.stdout.write(toJsonText(document));
    else human();
  }

  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  table(columns: readonly Column[], rows: readonly (readonly Cell[])[]): void {
    this.stdout.write(formatTable(columns, rows));
  }

  fields(fields: readonly (readonly [string, Cell])[]): void {
    this.stdout.write(formatFields(fields));
  }

  /** Notes for people (warnings, hints): stderr, so stdout stays the result. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }
}

export function formatTime(date: Date | undefined): string {
  return date === undefined ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
