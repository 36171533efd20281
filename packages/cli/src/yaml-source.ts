// A YAML (or JSON) input file with its line numbers: values come out as plain JS, and any path such as
// "schedule.monday[0].end" can be traced back to the line that wrote it (or its nearest written parent).
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { FieldViolation } from '@ringpace/errors';
import { FileValidationError, type LocatedViolation } from './errors.js';

export type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text === '' ? segment : `${text}.${segment}`), '');
}

/** "schedule.monday[0].end" → ["schedule", "monday", 0, "end"]; `digits["#"]` → ["digits", "#"]. */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of text.matchAll(/\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) segments.push(JSON.parse(`"${match[1]}"`) as string);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(match[3]);
  }
  return segments;
}

export class YamlSource {
  private constructor(
    readonly file: string,
    readonly value: unknown,
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Parses the text; syntax errors throw a FileValidationError with their lines. */
  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    if (document.errors.length > 0) {
      throw new FileValidationError(
        file,
        document.errors.map((error) => {
          const line = error.linePos?.[0].line;
          const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
          return line === undefined ? { field: '', message } : { field: '', message, line };
        }),
      );
    }
    return new YamlSource(file, document.toJS({ maxAliasCount: 1_000 }) as unknown, document, lines);
  }

  /** The 1-based line where the path is written: the key's line for a map entry; else its nearest parent's. */
  lineOf(segments: readonly PathSegment[]): number | undefined {
    for (let depth = segments.length; depth > 0; depth -= 1) {
      const offset = this.offsetOf(segments.slice(0, depth));
      if (offset !== undefined) return this.lines.linePos(offset).line;
    }
    const root = this.document.contents;
    return root?.range === undefined ? undefined : this.lines.linePos(root.range[0]).line;
  }

  private offsetOf(segments: readonly PathSegment[]): number | undefined {
    const parent = segments.length === 1 ? this.document.contents : this.document.getIn(segments.slice(0, -1), true);
    const last = segments[segments.length - 1];
    if (isMap(parent) && typeof last === 'string') {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last);
      const key = pair?.key as Node | undefined;
      return key?.range?.[0];
    }
    if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last] as Node | undefined;
      return item?.range?.[0];
    }
    return undefined;
  }

  /** Places violations in the file; `toFilePath` turns a server field path into this file's path. */
  locate(violations: readonly FieldViolation[], toFilePath: (field: string) => string = (field) => field): LocatedViolation[] {
    return violations.map((violation) => {
      const field = violation.field === '' ? '' : toFilePath(violation.field);
      const line = field === '' ? undefined : this.lineOf(parsePath(field));
      return line === undefined ? { field, message: violation.message } : { field, message: violation.message, line };
    });
  }

  fail(violations: readonly FieldViolation[], toFilePath?: (field: string) => string, cause?: unknown): FileValidationError {
    return new FileValidationError(this.file, this.locate(violations, toFilePath), cause === undefined ? {} : { cause });
  }
}
