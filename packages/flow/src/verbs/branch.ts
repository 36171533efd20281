// branch: route on the value of a variable or contact field (collected digits, a webhook reply, a contact
// field). `cases` are exact values; `when` tests run in order; `default` takes everything else.
import { z } from 'zod';
import { problem, ProblemCode, type RawProblem } from '../problem.js';
import { boundFields, fieldName, nodeRef } from '../schema-parts.js';
import { noFacts, type Edge, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

const TESTS = ['equals', 'oneOf', 'startsWith', 'above', 'below', 'empty'] as const;

const whenSchema = z
  .strictObject({
    equals: z.string('must be text').optional(),
    oneOf: z.array(z.string('must be text'), 'must be a list of values').min(1, 'must list at least one value').optional(),
    startsWith: z.string('must be text').min(1, 'must not be empty').optional(),
    above: z.number('must be a number').optional(),
    below: z.number('must be a number').optional(),
    empty: z.boolean('must be true or false').optional(),
    next: nodeRef,
  })
  .superRefine((when, ctx) => {
    const tests = TESTS.filter((test) => when[test] !== undefined);
    if (tests.length !== 1) ctx.addIssue({ code: 'custom', message: `each when entry has exactly one test: ${TESTS.join(', ')}` });
  });
type When = z.output<typeof whenSchema>;

export const branchSchema = z
  .strictObject({
    verb: z.literal('branch'),
    on: fieldName,
    cases: z.record(z.string(), nodeRef, 'must map values to node ids').optional(),
    when: z.array(whenSchema, 'must be a list of tests').max(50, 'must have at most 50 entries').optional(),
    default: nodeRef,
    ...boundFields,
  })
  .superRefine((node, ctx) => {
    if (node.cases === undefined && node.when === undefined) ctx.addIssue({ code: 'custom', message: 'a branch needs cases, when or both' });
  });

export type BranchNode = z.output<typeof branchSchema> & { readonly id: string };

export function branchFacts(node: BranchNode): NodeFacts {
  const edges: Edge[] = Object.entries(node.cases ?? {}).map(([value, target]) => ({ path: ['cases', value], target }));
  (node.when ?? []).forEach((when, index) => edges.push({ path: ['when', index, 'next'], target: when.next }));
  edges.push({ path: ['default'], target: node.default });
  const problems: RawProblem[] = [];
  (node.when ?? []).forEach((when, index) => {
    if (when.equals !== undefined && node.cases !== undefined && Object.hasOwn(node.cases, when.equals)) {
      problems.push(problem(['when', index, 'equals'], ProblemCode.DeadKey, `"${when.equals}" is already a case, so this test never matches`));
    }
  });
  return { ...noFacts, edges, reads: [{ path: ['on'], name: node.on }], problems };
}

function numberOf(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Whether one `when` test holds; above and below compare numbers and never hold for a non-number. */
function holds(when: When, value: string): boolean {
  if (when.equals !== undefined) return value === when.equals;
  if (when.oneOf !== undefined) return when.oneOf.includes(value);
  if (when.startsWith !== undefined) return value.startsWith(when.startsWith);
  if (when.empty !== undefined) return (value === '') === when.empty;
  const number = numberOf(value);
  if (number === undefined) return false;
  if (when.above !== undefined) return number > when.above;
  if (when.below !== undefined) return number < when.below;
  return false;
}

export function execBranch(node: BranchNode, ctx: VerbContext): Promise<VerbOutcome> {
  const rendered = ctx.render(`{${node.on}}`);
  const value = rendered.text;
  const detail = { note: `${node.on} = ${JSON.stringify(value)}`, ...(rendered.missing.length > 0 ? { missingFields: rendered.missing } : {}) };
  if (node.cases !== undefined && Object.hasOwn(node.cases, value)) {
    const target = node.cases[value];
    if (target !== undefined) return Promise.resolve({ kind: 'next', edge: ['cases', value], target, detail });
  }
  const index = (node.when ?? []).findIndex((when) => holds(when, value));
  const when = node.when?.[index];
  if (when !== undefined) return Promise.resolve({ kind: 'next', edge: ['when', index, 'next'], target: when.next, detail });
  return Promise.resolve({ kind: 'next', edge: ['default'], target: node.default, detail });
}
