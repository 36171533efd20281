// XLSX → records with exceljs' streaming reader: rows are read as the zip streams in (worksheets that
// precede the shared strings wait in a temporary file, not in memory). A record's line is its sheet row.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ValidationError } from '@ringpace/errors';
import type { RecordSource, SourceRecord } from './source-record.js';

/** Rows handed over per group: enough to amortise the awaits, small enough to keep memory flat. */
const ROWS_PER_GROUP = 500;

/** The text a person sees in a cell, for the kinds of values exceljs produces. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Integers print without exponent up to 1e21, which covers every phone number stored as a number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    // Spreadsheet dates have no zone; a whole day reads as the day.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((run: unknown) => (typeof run === 'object' && run !== null && 'text' in run ? cellText(run.text) : '')).join('');
    if ('formula' in value || 'sharedFormula' in value) return 'result' in value ? cellText(value.result) : '';
    if ('text' in value) return cellText(value.text);
    if ('error' in value) return '';
  }
  return '';
}

function rowCells(values: unknown): string[] {
  // exceljs puts the cell of column n at index n (1-based) of a sparse array.
  if (!Array.isArray(values)) return [];
  const cells: string[] = [];
  for (let column = 1; column < values.length; column += 1) cells.push(cellText(values[column]));
  return cells;
}

function sheetName(worksheet: unknown): string | undefined {
  return typeof worksheet === 'object' && worksheet !== null && 'name' in worksheet && typeof worksheet.name === 'string' ? worksheet.name : undefined;
}

/**
 * Reads a sheet that is not imported to its end. A sheet that came before the shared strings waits in a
 * temporary file that exceljs deletes as soon as the next sheet is asked for; left unread, its file is
 * deleted while the read stream is still opening it, and the stream's ENOENT has nobody to catch it.
 */
async function drain(worksheet: AsyncIterable<unknown>): Promise<void> {
  for await (const row of worksheet) void row;
}

/** Why exceljs or the zip layer could not read the bytes, for the error the client sees. */
export class UnreadableWorkbookError extends ValidationError {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super([{ field: 'header.format', message: `the file is not a readable XLSX workbook (${reason.slice(0, 200)})` }], { cause });
  }
}

/**
 * Rows of the sheet named `sheet` (or the first sheet). Errors of `chunks` itself pass through unchanged
 * (the stream broke); errors of the bytes become UnreadableWorkbookError.
 */
export async function* readXlsxRecords(chunks: AsyncIterable<Uint8Array>, sheet: string | undefined): RecordSource {
  let sourceError: { error: unknown } | undefined;
  async function* watched(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of chunks) yield chunk;
    } catch (error) {
      sourceError = { error };
      throw error;
    }
  }
  const input = Readable.from(watched(), { objectMode: false });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const worksheet of workbook) {
      const name = sheetName(worksheet) ?? `sheet ${seen.length + 1}`;
      seen.push(name);
      if (found || (sheet !== undefined && name !== sheet)) {
        await drain(worksheet);
        continue;
      }
      found = true;
      let group: SourceRecord[] = [];
      for await (const row of worksheet) {
        const cells = rowCells(row.values);
        if (cells.every((cell) => cell.trim() === '')) continue;
        group.push({ kind: 'row', line: row.number, cells });
        if (group.length >= ROWS_PER_GROUP) {
          yield group;
          group = [];
        }
      }
      if (group.length > 0) yield group;
    }
  } catch (error) {
    if (sourceError !== undefined) throw sourceError.error;
    if (error instanceof ValidationError) throw error;
    throw new UnreadableWorkbookError(error);
  } finally {
    input.destroy();
  }
  if (!found) {
    const message = sheet === undefined ? 'the workbook has no worksheet' : `no sheet "${sheet}" in the workbook (found: ${seen.join(', ') || 'none'})`;
    throw new ValidationError([{ field: sheet === undefined ? 'header.format' : 'header.sheet', message }]);
  }
}
