// What a flow check reports: one problem per thing wrong, each at the document path an operator can find
// (`nodes.ask.next.digits["#"]`, `nodes[3].timeout`), optionally with the line and column in the source text.

/** One step of a path into the document: an object key or an array index. */
export type PathSegment = string | number;

export const ProblemCode = {
  /** The text is not well-formed YAML or JSON. */
  Syntax: 'syntax',
  /** A field is missing, has the wrong type or value, or is not a field of its verb. */
  Schema: 'schema',
  /** A duration without a unit, unparsable, or out of the field's range. */
  Duration: 'duration',
  /** Two nodes share one id. */
  DuplicateId: 'duplicate_id',
  /** The document has no `start`. */
  MissingStart: 'missing_start',
  /** An edge (next, onError, a case...) names a node that does not exist. */
  UnknownTarget: 'unknown_target',
  /** No path from `start` reaches the node. */
  Unreachable: 'unreachable',
  /** A cycle of nodes that nothing bounds (see maxVisits). */
  UnboundedLoop: 'unbounded_loop',
  /** A template is malformed (`{` without `}`, a lone `}`, a bad field name). */
  Template: 'template',
  /** A template or branch names a field that is neither a contact field, a built-in nor a flow variable. */
  UnknownField: 'unknown_field',
  /** A result mark that is neither built in nor declared under `results`. */
  UnknownResult: 'unknown_result',
  /** A webhook URL that is not plain http(s). */
  BadUrl: 'bad_url',
  /** An audio file path that leaves the tenant's sound library (`..`, absolute, backslash). */
  BadPath: 'bad_path',
  /** A collect whose keys cannot all be entered (terminator, length, pattern). */
  DeadKey: 'dead_key',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
}

export interface FlowProblem {
  /** Where in the document, for example `nodes.ask.next.digits["#"]`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
  readonly code: ProblemCode;
  readonly line?: number;
  readonly column?: number;
}

/** A problem before its path is formatted: kept as segments so it can be prefixed and located. */
export interface RawProblem {
  readonly segments: readonly PathSegment[];
  readonly message: string;
  readonly code: ProblemCode;
}

export function problem(segments: readonly PathSegment[], code: ProblemCode, message: string): RawProblem {
  return { segments, code, message };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['nodes', 'ask', 'next', 'digits', '#']` → `nodes.ask.next.digits["#"]`; numbers become `[3]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function toFlowProblem(raw: RawProblem, locate?: (segments: readonly PathSegment[]) => SourcePosition | undefined): FlowProblem {
  const position = locate?.(raw.segments);
  const base = { path: formatPath(raw.segments), message: raw.message, code: raw.code };
  return position === undefined ? base : { ...base, line: position.line, column: position.column };
}
