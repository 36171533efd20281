// The first message of an ImportContacts stream, checked before any byte of the file is read: ids,
// format, encoding, delimiter and the column mapping's shape. Columns are resolved against the file later.
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { ImportFormat, TextEncoding, type ImportHeader } from '@ringpace/proto';
import { isUuid } from '../campaigns/validate.js';

export const FileFormat = { Csv: 'csv', Xlsx: 'xlsx', Txt: 'txt' } as const;
export type FileFormat = (typeof FileFormat)[keyof typeof FileFormat];

/** iconv-lite / WHATWG labels of the encodings an import may declare. */
export const TextEncodingLabel = { Utf8: 'utf-8', Utf16le: 'utf-16le', Utf16be: 'utf-16be', Gb18030: 'gb18030', Gbk: 'gbk' } as const;
export type TextEncodingLabel = (typeof TextEncodingLabel)[keyof typeof TextEncodingLabel];

/** A mapped column as the client wrote it: header text, or a 1-based position ("3"). */
export type ColumnRef = string;

export interface ColumnMappingRefs {
  readonly phone: ColumnRef;
  readonly name: ColumnRef | undefined;
  readonly timezone: ColumnRef | undefined;
  /** Template field name → column, in the order the client sent them. */
  readonly fields: readonly (readonly [field: string, column: ColumnRef])[];
}

export interface ValidImportHeader {
  readonly campaignId: string;
  readonly importId: string;
  readonly format: FileFormat;
  /** Undefined: detect (BOM, else UTF-8 when valid, else GB18030). */
  readonly encoding: TextEncodingLabel | undefined;
  /** Undefined: detect from the first line (comma, tab, semicolon, pipe). */
  readonly delimiter: string | undefined;
  readonly hasHeader: boolean;
  readonly columns: ColumnMappingRefs;
  readonly listName: string | undefined;
  readonly sheet: string | undefined;
  /** Undefined when the client did not say; otherwise a stream that ends short of it was cut. */
  readonly sizeBytes: number | undefined;
}

export const MAX_LIST_NAME_LENGTH = 200;
export const MAX_MAPPED_FIELDS = 100;
const MAX_FIELD_NAME_LENGTH = 64;
const MAX_COLUMN_REF_LENGTH = 200;
const MAX_COLUMN_POSITION = 16_384;
const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const positionPattern = /^[1-9][0-9]*$/;

const formats: Partial<Record<ImportFormat, FileFormat>> = {
  [ImportFormat.CSV]: FileFormat.Csv,
  [ImportFormat.XLSX]: FileFormat.Xlsx,
  [ImportFormat.TXT]: FileFormat.Txt,
};

const encodings: Partial<Record<TextEncoding, TextEncodingLabel>> = {
  [TextEncoding.UTF8]: TextEncodingLabel.Utf8,
  [TextEncoding.UTF16LE]: TextEncodingLabel.Utf16le,
  [TextEncoding.UTF16BE]: TextEncodingLabel.Utf16be,
  [TextEncoding.GB18030]: TextEncodingLabel.Gb18030,
  [TextEncoding.GBK]: TextEncodingLabel.Gbk,
};

export function isColumnPosition(ref: ColumnRef): boolean {
  return positionPattern.test(ref) && Number(ref) <= MAX_COLUMN_POSITION;
}

/** Every problem of the header at once, each named by its proto path (`header.columns.phone`). */
export function validateImportHeader(header: ImportHeader | undefined): ValidImportHeader {
  if (header === undefined) throw new ValidationError([{ field: 'header', message: 'the first message of the stream must be the header' }]);
  const problems: FieldViolation[] = [];
  const problem = (field: string, message: string) => problems.push({ field: `header.${field}`, message });

  if (!isUuid(header.campaignId)) problem('campaign_id', 'must be a campaign id (UUID)');
  if (!isUuid(header.importId)) problem('import_id', 'must be a UUID chosen by the client (send the same one again to resume)');
  const format = formats[header.format];
  if (format === undefined) problem('format', 'must be CSV, XLSX or TXT');
  const encoding = header.encoding === TextEncoding.UNSPECIFIED ? undefined : encodings[header.encoding];
  if (header.encoding !== TextEncoding.UNSPECIFIED && encoding === undefined) problem('encoding', 'is not a known text encoding');

  let delimiter: string | undefined;
  if (header.delimiter !== '' && format !== FileFormat.Xlsx) {
    if ([...header.delimiter].length !== 1 || /["\r\n]/.test(header.delimiter)) problem('delimiter', 'must be one character other than a quote or a line break (or empty to detect)');
    else delimiter = header.delimiter;
  }

  const listName = header.listName.trim();
  if (listName.length > MAX_LIST_NAME_LENGTH) problem('list_name', `must be at most ${MAX_LIST_NAME_LENGTH} characters`);
  const sheet = header.sheet.trim();

  const columns = validateColumns(header, format, problem);
  if (problems.length > 0 || format === undefined || columns === undefined) throw new ValidationError(problems);
  return {
    campaignId: header.campaignId.toLowerCase(),
    importId: header.importId.toLowerCase(),
    format,
    encoding,
    delimiter,
    hasHeader: header.hasHeader,
    columns,
    listName: listName === '' ? undefined : listName,
    sheet: format === FileFormat.Xlsx && sheet !== '' ? sheet : undefined,
    sizeBytes: header.sizeBytes > 0 ? header.sizeBytes : undefined,
  };
}

/** The mapping's shape; problems go to `problem`, and the caller throws when there are any. */
function validateColumns(header: ImportHeader, format: FileFormat | undefined, problem: (field: string, message: string) => void): ColumnMappingRefs | undefined {
  const mapping = header.columns;
  const ref = (field: string, value: string, required: boolean): ColumnRef | undefined => {
    const trimmed = value.trim();
    if (trimmed === '') {
      if (required) problem(field, header.hasHeader ? 'is required: the header text of the column' : 'is required: the 1-based position of the column');
    } else if (trimmed.length > MAX_COLUMN_REF_LENGTH) {
      problem(field, `must be at most ${MAX_COLUMN_REF_LENGTH} characters`);
    } else if (!header.hasHeader && !isColumnPosition(trimmed)) {
      problem(field, `"${trimmed}" is not a column position: the file has no header row, so columns are named by 1-based position ("1", "2", ...)`);
    } else {
      return trimmed;
    }
    return undefined;
  };

  // A TXT file is a list of numbers: without a mapping the number is its first column.
  const phoneText = mapping?.phone.trim() ?? '';
  const phone = phoneText === '' && format === FileFormat.Txt ? '1' : ref('columns.phone', phoneText, true);
  if (mapping === undefined) return phone === undefined ? undefined : { phone, name: undefined, timezone: undefined, fields: [] };
  const name = ref('columns.name', mapping.name, false);
  const timezone = ref('columns.timezone', mapping.timezone, false);
  const entries = Object.entries(mapping.fields);
  if (entries.length > MAX_MAPPED_FIELDS) problem('columns.fields', `must map at most ${MAX_MAPPED_FIELDS} fields`);
  const fields: (readonly [string, ColumnRef])[] = [];
  for (const [field, column] of entries.slice(0, MAX_MAPPED_FIELDS)) {
    const path = `columns.fields["${field}"]`;
    if (field.length > MAX_FIELD_NAME_LENGTH || !fieldNamePattern.test(field)) {
      problem(path, `a field name is letters, digits, "_", "." or "-", starts with a letter or "_" and has at most ${MAX_FIELD_NAME_LENGTH} characters`);
      continue;
    }
    const columnRef = ref(path, column, true);
    if (columnRef !== undefined) fields.push([field, columnRef]);
  }
  return phone === undefined ? undefined : { phone, name, timezone, fields };
}
