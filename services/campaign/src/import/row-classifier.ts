// One record of the file → a contact to insert, or the reason it is rejected. Pure and in file order;
// the checks that need the database (blacklist, numbers already in the campaign) come per batch after.
// Order: malformed, missing number, invalid number, excluded type, invalid zone, duplicate in file.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { maskPhone, maskText } from '@ringpace/log';
import { RejectReason } from '@ringpace/proto';
import type { ResolvedColumns } from './column-mapping.js';
import { E164Set } from './e164-set.js';
import { NumberTypes } from './number-types.js';
import type { SourceRecord } from './source-record.js';

export interface Candidate {
  readonly kind: 'candidate';
  readonly line: number;
  readonly phoneE164: string;
  readonly name: string | null;
  /** The mapped fields as a JSON object, ready for a jsonb column. */
  readonly fieldsJson: string;
  readonly timezone: string | null;
  /** The phone cell as read (trimmed): masked with maskRaw only if the database refuses the row. */
  readonly raw: string;
}

export interface Rejection {
  readonly kind: 'rejection';
  readonly line: number;
  readonly reason: RejectReason;
  readonly rawMasked: string;
  readonly detail: string;
}

export interface ClassifierOptions {
  readonly region: CountryCode;
  /** libphonenumber number types the campaign refuses, e.g. PREMIUM_RATE. */
  readonly excludedTypes: ReadonlySet<string>;
  readonly columns: ResolvedColumns;
}

const MAX_NAME_CHARS = 200;
const MAX_FIELD_CHARS = 1_000;
const ianaZonePattern = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** A phone cell as the report shows it: digits masked like the logs do, other text reduced to its first character. */
export function maskRaw(value: string): string {
  const trimmed = value.trim();
  // Fewer digits than a phone number has: the log masking would show most of them.
  return trimmed.replace(/\D/g, '').length >= 8 ? maskPhone(trimmed) : maskText(trimmed);
}

/** A whole unreadable row, cell by cell, so the report shows its shape without its content. */
export function maskRow(raw: string): string {
  return raw
    .split(/([,;\t|\n])/)
    .map((part) => (/^[,;\t|\n]$/.test(part) ? part : maskRaw(part)))
    .join('')
    .slice(0, 200);
}

export class RowClassifier {
  private readonly seen = new E164Set();
  private readonly types = new NumberTypes();
  /** Zone cells repeat (a file has a handful of distinct values): resolve each once. */
  private readonly zones = new Map<string, string | undefined>();

  /** `"field":` for each mapped field, with the comma before all but the first. */
  private readonly fieldKeys: readonly string[];

  constructor(private readonly options: ClassifierOptions) {
    this.fieldKeys = options.columns.fields.map(([field], i) => `${i === 0 ? '' : ','}${JSON.stringify(field)}:`);
  }

  /** Numbers kept so far; their memory is the one part of an import that grows with the file. */
  get distinctNumbers(): number {
    return this.seen.size;
  }

  classify(record: SourceRecord): Candidate | Rejection {
    if (record.kind === 'malformed') return { kind: 'rejection', line: record.line, reason: RejectReason.MALFORMED_ROW, rawMasked: maskRow(record.raw), detail: record.detail };
    const { columns, region, excludedTypes } = this.options;
    const { line, cells } = record;
    const raw = (cells[columns.phone] ?? '').trim();
    // Masked only for rejections: most rows are accepted, and masking is two regular-expression passes.
    const reject = (reason: RejectReason, detail: string): Rejection => ({ kind: 'rejection', line, reason, rawMasked: maskRaw(raw), detail });
    if (raw === '') return reject(RejectReason.MISSING_NUMBER, `the phone column ${columns.phoneLabel} is empty`);

    const number = parsePhoneNumberFromString(raw, region);
    // With full metadata a number is valid exactly when it has a type (libphonenumber's isValid() is
    // getType() !== undefined): one pass over the region's patterns instead of two, compiled once.
    const type = number === undefined ? undefined : this.types.typeOf(number);
    if (number === undefined || type === undefined) return reject(RejectReason.INVALID_NUMBER, `not a valid phone number for region ${region}`);
    if (excludedTypes.has(type)) return reject(RejectReason.EXCLUDED_TYPE, `${type} numbers are excluded by the campaign`);

    let timezone: string | null = null;
    if (columns.timezone !== undefined) {
      const cell = (cells[columns.timezone] ?? '').trim();
      if (cell !== '') {
        const zone = this.zone(cell);
        if (zone === undefined) return reject(RejectReason.INVALID_TIMEZONE, `"${cell.slice(0, 64)}" is not an IANA time zone`);
        timezone = zone;
      }
    }

    const phoneE164 = number.number;
    const firstLine = this.seen.addIfAbsent(phoneE164, line);
    if (firstLine !== 0) return reject(RejectReason.DUPLICATE_IN_FILE, `same number as line ${firstLine}`);

    const nameCell = columns.name === undefined ? '' : (cells[columns.name] ?? '').trim();
    let fieldsJson = '{}';
    if (this.fieldKeys.length > 0) {
      // The object's JSON written directly (keys quoted once, up front), without an object per row.
      fieldsJson = '{';
      for (let i = 0; i < this.fieldKeys.length; i += 1) {
        fieldsJson += `${this.fieldKeys[i]}${JSON.stringify((cells[columns.fields[i]![1]] ?? '').trim().slice(0, MAX_FIELD_CHARS))}`;
      }
      fieldsJson += '}';
    }
    return { kind: 'candidate', line, phoneE164, name: nameCell === '' ? null : nameCell.slice(0, MAX_NAME_CHARS), fieldsJson, timezone, raw };
  }

  /** The canonical IANA name ("asia/shanghai" → "Asia/Shanghai"), or undefined when it is none. */
  private zone(cell: string): string | undefined {
    if (this.zones.has(cell)) return this.zones.get(cell);
    let zone: string | undefined;
    // The pattern keeps out what Intl would also take but is no zone name: offsets such as "+08:00".
    if (ianaZonePattern.test(cell)) {
      try {
        zone = new Intl.DateTimeFormat('en-US', { timeZone: cell }).resolvedOptions().timeZone;
      } catch {
        zone = undefined;
      }
    }
    this.zones.set(cell, zone);
    return zone;
  }
}
