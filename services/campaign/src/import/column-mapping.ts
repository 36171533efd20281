// Resolves the header's column mapping against the file: header text (exact, then ignoring case and
// surrounding spaces) or a 1-based position. A name the file lacks fails the whole import, naming the
// header field and listing the columns that are there.
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { isColumnPosition, type ColumnMappingRefs, type ColumnRef } from './import-header.js';

export interface ResolvedColumns {
  /** 0-based indexes into a record's cells. */
  readonly phone: number;
  readonly name: number | undefined;
  readonly timezone: number | undefined;
  readonly fields: readonly (readonly [field: string, index: number])[];
  /** How the phone column is called in messages: its header text, or "column 3". */
  readonly phoneLabel: string;
}

const MAX_LISTED_COLUMNS = 30;
const MAX_LISTED_NAME_CHARS = 40;

function listColumns(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_COLUMNS).map((name) => (name.length > MAX_LISTED_NAME_CHARS ? `${name.slice(0, MAX_LISTED_NAME_CHARS)}…` : name));
  return names.length > MAX_LISTED_COLUMNS ? `${shown.join(', ')}, … ${names.length - MAX_LISTED_COLUMNS} more` : shown.join(', ');
}

/**
 * `headerCells`: the header row, when the file has one. `width`: the columns of the first row, which
 * bounds positions (undefined for XLSX, whose rows have no fixed width).
 */
export function resolveColumns(refs: ColumnMappingRefs, headerCells: readonly string[] | undefined, width: number | undefined): ResolvedColumns {
  const problems: FieldViolation[] = [];
  const names = headerCells?.map((cell) => cell.trim());
  const folded = names?.map((name) => name.toLowerCase());

  const resolve = (field: string, ref: ColumnRef): number | undefined => {
    if (names !== undefined && folded !== undefined) {
      const exact = names.indexOf(ref);
      if (exact >= 0) return exact;
      const loose = folded.indexOf(ref.toLowerCase());
      if (loose >= 0) return loose;
      // A position still works with a header, as long as no column is called "3".
      if (isColumnPosition(ref) && Number(ref) <= names.length) return Number(ref) - 1;
      problems.push({ field: `header.columns.${field}`, message: `no column "${ref}" in the header (found: ${listColumns(names.filter((name) => name !== ''))})` });
      return undefined;
    }
    const position = Number(ref);
    if (width !== undefined && position > width) {
      problems.push({ field: `header.columns.${field}`, message: `no column ${position}: the first row has ${width} column${width === 1 ? '' : 's'}` });
      return undefined;
    }
    return position - 1;
  };

  const phone = resolve('phone', refs.phone);
  const name = refs.name === undefined ? undefined : resolve('name', refs.name);
  const timezone = refs.timezone === undefined ? undefined : resolve('timezone', refs.timezone);
  const fields: (readonly [string, number])[] = [];
  for (const [field, ref] of refs.fields) {
    const index = resolve(`fields["${field}"]`, ref);
    if (index !== undefined) fields.push([field, index]);
  }
  if (problems.length > 0 || phone === undefined) throw new ValidationError(problems);
  const phoneLabel = names?.[phone] !== undefined && names[phone] !== '' ? `"${names[phone]}"` : `column ${phone + 1}`;
  return { phone, name, timezone, fields, phoneLabel };
}
