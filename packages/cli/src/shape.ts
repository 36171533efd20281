// Checks the shape of a parsed input file (types, known keys, ranges), collecting every problem with its
// path instead of stopping at the first, so one run reports the whole file.
import type { FieldViolation } from '@ringpace/errors';
import { formatPath, type PathSegment } from './yaml-source.js';

const UINT32_MAX = 4_294_967_295;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest known name within two edits, for "did you mean" hints. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export class ShapeReader {
  readonly problems: FieldViolation[] = [];

  problem(path: readonly PathSegment[], message: string): void {
    this.problems.push({ field: formatPath(path), message });
  }

  /** A mapping whose keys are all known; unknown keys are reported (with a suggestion) and dropped. */
  map(value: unknown, path: readonly PathSegment[], known: readonly string[]): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `must be a mapping, not ${typeName(value)}`);
      return undefined;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key] of entries) {
      if (known.includes(key)) continue;
      const suggestion = closest(key, known);
      this.problem([...path, key], `unknown field${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`);
    }
    return Object.fromEntries(entries.filter(([key]) => known.includes(key)));
  }

  string(value: unknown, path: readonly PathSegment[]): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.problem(path, `must be text, not ${typeName(value)}`);
    return undefined;
  }

  /** A phone number: YAML reads an unquoted +8610… as a number and drops the plus, so insist on quotes. */
  phone(value: unknown, path: readonly PathSegment[]): string | undefined {
    if (typeof value === 'number') {
      this.problem(path, `write phone numbers in quotes ("+${value}"): unquoted, YAML reads them as numbers`);
      return undefined;
    }
    return this.string(value, path);
  }

  uint(value: unknown, path: readonly PathSegment[]): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX) return value;
    this.problem(path, `must be a whole number ≥ 0, not ${typeName(value)}`);
    return undefined;
  }

  bool(value: unknown, path: readonly PathSegment[]): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.problem(path, `must be true or false, not ${typeName(value)}`);
    return undefined;
  }

  list(value: unknown, path: readonly PathSegment[]): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value as unknown[];
    this.problem(path, `must be a list, not ${typeName(value)}`);
    return undefined;
  }

  /** A list of texts; entries of another type are reported and left out. */
  strings(value: unknown, path: readonly PathSegment[], read: (item: unknown, itemPath: PathSegment[]) => string | undefined = (item, itemPath) => this.string(item, itemPath)): string[] | undefined {
    const items = this.list(value, path);
    if (items === undefined) return undefined;
    return items.flatMap((item, index) => {
      const text = read(item, [...path, index]);
      return text === undefined ? [] : [text];
    });
  }
}
