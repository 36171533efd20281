// parseFlowDocument: flow text (YAML or JSON) to a plain value, with syntax errors at a line and column,
// and a locator that maps a validation problem's path back to the source.
import { isCollection, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { findJsonSyntaxError } from './json-syntax.js';
import { ProblemCode, type FlowProblem, type PathSegment, type SourcePosition } from './problem.js';

export const DocumentFormat = { Yaml: 'yaml', Json: 'json' } as const;
export type DocumentFormat = (typeof DocumentFormat)[keyof typeof DocumentFormat];

/** A flow is a few kilobytes; anything near this is not a flow. */
export const MAX_DOCUMENT_CHARS = 512 * 1024;

export type ParsedDocument =
  | {
      readonly ok: true;
      readonly format: DocumentFormat;
      readonly document: unknown;
      /** Where a path of the document starts in the text; the nearest existing parent for a missing key. */
      readonly locate: (segments: readonly PathSegment[]) => SourcePosition | undefined;
    }
  | { readonly ok: false; readonly format: DocumentFormat; readonly problems: readonly FlowProblem[] };

function positionOf(lineCounter: LineCounter, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function locator(doc: Document, lineCounter: LineCounter) {
  return (segments: readonly PathSegment[]): SourcePosition | undefined => {
    for (let length = segments.length; length >= 0; length -= 1) {
      const found: unknown = doc.getIn(segments.slice(0, length), true);
      if (isNode(found) && found.range != null) return positionOf(lineCounter, found.range[0]);
      if (length === 0 && isCollection(doc.contents) && doc.contents.range != null) return positionOf(lineCounter, doc.contents.range[0]);
    }
    return undefined;
  };
}

function syntaxProblem(message: string, position?: SourcePosition): FlowProblem {
  return { path: '', message, code: ProblemCode.Syntax, ...(position ?? {}) };
}

/** Line and column of a 0-based offset, counting lines the way editors do. */
function lineColumn(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function duplicateKeyMessage(text: string, offset: number): string {
  const key = (text.slice(offset).split(/[:\n]/)[0] ?? '').trim().replace(/^["']|["']$/g, '');
  return `the key "${key}" appears twice in one mapping (under nodes, two nodes with one id)`;
}

/**
 * Parses flow text. Without `format`, text starting with "{" is JSON, anything else YAML. Duplicate keys
 * are errors in both (JSON.parse would silently keep the last one, hiding a duplicated node id).
 */
export function parseFlowDocument(text: string, format?: DocumentFormat): ParsedDocument {
  const chosen = format ?? (text.trimStart().startsWith('{') ? DocumentFormat.Json : DocumentFormat.Yaml);
  if (text.length > MAX_DOCUMENT_CHARS) return { ok: false, format: chosen, problems: [syntaxProblem(`the document is longer than ${MAX_DOCUMENT_CHARS} characters`)] };

  let jsonValue: unknown;
  if (chosen === DocumentFormat.Json) {
    try {
      jsonValue = JSON.parse(text) as unknown;
    } catch (error) {
      const found = findJsonSyntaxError(text);
      const message = found?.message ?? (error as Error).message;
      return { ok: false, format: chosen, problems: [syntaxProblem(`invalid JSON: ${message}`, found === undefined ? undefined : lineColumn(text, found.offset))] };
    }
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const errors = chosen === DocumentFormat.Json ? doc.errors.filter((e) => e.code === 'DUPLICATE_KEY') : doc.errors;
  if (errors.length > 0) {
    const label = chosen === DocumentFormat.Json ? 'invalid JSON' : 'invalid YAML';
    const problems = errors.map((e) => {
      const message = e.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(text, e.pos[0]) : (e.message.split('\n')[0] ?? e.code);
      return syntaxProblem(`${label}: ${message}`, positionOf(lineCounter, e.pos[0]));
    });
    return { ok: false, format: chosen, problems };
  }
  // For JSON the YAML reading only serves to locate paths; if it disagrees, keep JSON.parse's value.
  const yamlUsable = doc.errors.length === 0;
  if (chosen === DocumentFormat.Json) return { ok: true, format: chosen, document: jsonValue, locate: yamlUsable ? locator(doc, lineCounter) : () => undefined };
  try {
    // Aliases are expanded here; the cap stops a "billion laughs" document from exhausting memory.
    const document: unknown = doc.toJS({ maxAliasCount: 100 });
    return { ok: true, format: chosen, document, locate: locator(doc, lineCounter) };
  } catch (error) {
    return { ok: false, format: chosen, problems: [syntaxProblem(`invalid YAML: ${(error as Error).message}`)] };
  }
}
