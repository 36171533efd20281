// Turns schema issues into problems worded for an operator ("is required", "unknown field", "did you
// mean"), keeping the issue's path so it can be prefixed with where the node sits in the document.
import type { z } from 'zod';
import { problem, ProblemCode, type PathSegment, type RawProblem } from './problem.js';
import { didYouMean } from './suggest.js';

type Issue = z.ZodError['issues'][number];

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

const isDefaultMessage = (message: string) => /^(Invalid|Too (small|big)|Unrecognized)/.test(message);

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : typeof value;
}

function codeOf(issue: Issue): ProblemCode {
  if (issue.code !== 'custom') return ProblemCode.Schema;
  const wanted: unknown = issue.params?.['problem'];
  const known = Object.values(ProblemCode) as readonly unknown[];
  return known.includes(wanted) ? (wanted as ProblemCode) : ProblemCode.Schema;
}

export interface IssueContext {
  /** The value that was parsed, to tell "missing" from "wrong". */
  readonly input: unknown;
  /** Where the parsed value sits in the document. */
  readonly prefix: readonly PathSegment[];
  /** The fields the parsed mapping accepts, for hints on unknown ones. */
  readonly fields?: readonly string[];
  /** The allowed values of a discriminator (the verbs), for hints. */
  readonly verbs?: readonly string[];
}

export function issueProblems(issues: readonly Issue[], context: IssueContext): RawProblem[] {
  const out: RawProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    const at = [...context.prefix, ...path];
    const value = valueAt(context.input, path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const hint = path.length === 0 && context.fields !== undefined ? didYouMean(key, context.fields) : '';
          out.push(problem([...at, key], ProblemCode.Schema, `unknown field "${key}"${hint}`));
        }
        break;
      case 'invalid_union': {
        const verbs = context.verbs ?? [];
        if (value === undefined) out.push(problem(at, ProblemCode.Schema, `is required: one of ${verbs.join(', ')}`));
        else out.push(problem(at, ProblemCode.Schema, `${describe(value)} is not a verb${typeof value === 'string' ? didYouMean(value, verbs) : ''}; use one of ${verbs.join(', ')}`));
        break;
      }
      case 'invalid_key': {
        const inner = issue.issues[0]?.message;
        out.push(problem(at, ProblemCode.Schema, inner === undefined || isDefaultMessage(inner) ? `"${String(path.at(-1))}" is not an accepted key` : inner));
        break;
      }
      case 'invalid_type':
        if (value === undefined) out.push(problem(at, ProblemCode.Schema, 'is required'));
        else if (!isDefaultMessage(issue.message)) out.push(problem(at, ProblemCode.Schema, `${issue.message}, not ${describe(value)}`));
        else out.push(problem(at, ProblemCode.Schema, `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describe(value)}`));
        break;
      case 'invalid_value':
        out.push(problem(at, ProblemCode.Schema, isDefaultMessage(issue.message) ? `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}` : issue.message));
        break;
      case 'too_small':
        out.push(problem(at, ProblemCode.Schema, isDefaultMessage(issue.message) ? `must be at least ${String(issue.minimum)}` : issue.message));
        break;
      case 'too_big':
        out.push(problem(at, ProblemCode.Schema, isDefaultMessage(issue.message) ? `must be at most ${String(issue.maximum)}` : issue.message));
        break;
      default:
        out.push(problem(at, codeOf(issue), issue.message));
    }
  }
  return out;
}
