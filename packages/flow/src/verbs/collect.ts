// collect: play a prompt and gather keys, up to `tries` times, then route on the entry. An entry is valid
// when it has at least minDigits keys, matches `valid` (if given) and is listed under next.digits (unless
// next.other takes the rest). After the last try: next.noInput if no key was ever pressed, else next.invalid.
import { z } from 'zod';
import { durationField } from '../duration.js';
import { problem, ProblemCode, type PathSegment, type RawProblem } from '../problem.js';
import { boundFields, dtmfKeys, fieldName, nodeRef, promptOf, promptSchema, safePattern } from '../schema-parts.js';
import type { CollectTry } from '../trace.js';
import { playPrompt, promptText, renderPrompt } from './prompt-effects.js';
import { mergeMissing, missingDetail, type Edge, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

const digitCount = (name: string) =>
  z.number(`${name} must be a number`).int(`${name} must be a whole number`).min(1, `${name} must be at least 1`).max(32, `${name} must be at most 32`);

const entryKey = z.string().regex(/^[0-9*#A-D]{1,32}$/, 'an entry is 1 to 32 of the keys 0-9, *, # and A-D');

export const collectSchema = z
  .strictObject({
    verb: z.literal('collect'),
    prompt: promptSchema.optional(),
    noInputPrompt: promptSchema.optional(),
    invalidPrompt: promptSchema.optional(),
    minDigits: digitCount('minDigits').default(1),
    maxDigits: digitCount('maxDigits').default(1),
    terminators: dtmfKeys('terminators').default(''),
    timeout: durationField({ min: '1s', max: '60s', default: '5s' }),
    interDigitTimeout: durationField({ min: '500ms', max: '30s', default: '3s' }),
    tries: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(10, 'must be at most 10').default(3),
    valid: safePattern.optional(),
    into: fieldName.optional(),
    next: z.strictObject(
      {
        digits: z.record(entryKey, nodeRef, 'must map entries to node ids').optional(),
        other: nodeRef.optional(),
        noInput: nodeRef,
        invalid: nodeRef.optional(),
      },
      'must be a mapping with digits, other, noInput and invalid',
    ),
    ...boundFields,
  })
  .superRefine((node, ctx) => {
    if (node.minDigits > node.maxDigits) ctx.addIssue({ code: 'custom', path: ['minDigits'], message: `minDigits (${node.minDigits}) is more than maxDigits (${node.maxDigits})` });
    if (node.next.digits === undefined && node.next.other === undefined) {
      ctx.addIssue({ code: 'custom', path: ['next'], message: 'a collect needs next.digits, next.other or both, to know where a valid entry goes' });
    }
  })
  .transform(({ prompt, noInputPrompt, invalidPrompt, timeout, interDigitTimeout, valid, ...rest }) => ({
    ...rest,
    timeoutMs: timeout,
    interDigitTimeoutMs: interDigitTimeout,
    ...(prompt === undefined ? {} : { prompt: promptOf(prompt) }),
    ...(noInputPrompt === undefined ? {} : { noInputPrompt: promptOf(noInputPrompt) }),
    ...(invalidPrompt === undefined ? {} : { invalidPrompt: promptOf(invalidPrompt) }),
    ...(valid === undefined ? {} : { valid, validPattern: new RegExp(`^(?:${valid})$`) }),
  }));

export type CollectNode = z.output<typeof collectSchema> & { readonly id: string };

/** Why an entry listed under next.digits could never be accepted, if it could not. */
function deadEntryProblem(node: CollectNode, entry: string): string | undefined {
  const terminator = [...entry].find((key) => node.terminators.includes(key));
  if (terminator !== undefined) return `"${terminator}" is a terminator here, so the entry "${entry}" can never be collected`;
  if (entry.length > node.maxDigits) return `the entry "${entry}" has ${entry.length} keys but maxDigits is ${node.maxDigits}`;
  if (entry.length < node.minDigits) return `the entry "${entry}" has ${entry.length} keys but minDigits is ${node.minDigits}`;
  if (node.validPattern !== undefined && !node.validPattern.test(entry)) return `the entry "${entry}" does not match valid (${node.valid ?? ''})`;
  return undefined;
}

export function collectFacts(node: CollectNode): NodeFacts {
  const edges: Edge[] = Object.entries(node.next.digits ?? {}).map(([entry, target]) => ({ path: ['next', 'digits', entry], target }));
  for (const key of ['other', 'noInput', 'invalid'] as const) {
    const target = node.next[key];
    if (target !== undefined) edges.push({ path: ['next', key], target });
  }
  const templates: { path: PathSegment[]; template: string }[] = [];
  for (const key of ['prompt', 'noInputPrompt', 'invalidPrompt'] as const) {
    const prompt = node[key];
    if (prompt?.kind === 'say') templates.push({ path: [key, 'say'], template: prompt.text });
  }
  const problems: RawProblem[] = [];
  for (const entry of Object.keys(node.next.digits ?? {})) {
    const message = deadEntryProblem(node, entry);
    if (message !== undefined) problems.push(problem(['next', 'digits', entry], ProblemCode.DeadKey, message));
  }
  return { edges, templates, sets: node.into === undefined ? [] : [{ path: ['into'], name: node.into }], reads: [], results: [], problems };
}

/** Where a valid entry goes, or undefined when the entry is not valid. */
function routeOf(node: CollectNode, digits: string): { edge: PathSegment[]; target: string } | undefined {
  if (digits.length < node.minDigits) return undefined;
  if (node.validPattern !== undefined && !node.validPattern.test(digits)) return undefined;
  const listed = node.next.digits !== undefined && Object.hasOwn(node.next.digits, digits) ? node.next.digits[digits] : undefined;
  if (listed !== undefined) return { edge: ['next', 'digits', digits], target: listed };
  if (node.next.other !== undefined) return { edge: ['next', 'other'], target: node.next.other };
  return undefined;
}

/**
 * Each try is chained to the one before rather than awaited in a loop: a call waits here through every
 * prompt and entry, and a suspended async frame is more to keep alive than callbacks.
 */
export async function execCollect(node: CollectNode, ctx: VerbContext): Promise<VerbOutcome> {
  const tries: CollectTry[] = [];
  const rendered = node.prompt === undefined ? undefined : renderPrompt(node.prompt, ctx);
  let missing: readonly string[] = rendered?.missing ?? [];
  const detail = () => ({ ...promptText(rendered?.prompt), tries: [...tries], ...missingDetail(missing) });

  const afterTries = (): VerbOutcome => {
    const everSilent = tries.every((t) => t.outcome === 'no_input');
    if (everSilent || node.next.invalid === undefined) return { kind: 'next', edge: ['next', 'noInput'], target: node.next.noInput, detail: detail() };
    return { kind: 'next', edge: ['next', 'invalid'], target: node.next.invalid, detail: detail() };
  };

  const collect = (attempt: number): Promise<VerbOutcome> =>
    ctx.port
      .collect(
        {
          nodeId: node.id,
          attempt,
          ...(rendered === undefined ? {} : { prompt: rendered.prompt }),
          minDigits: node.minDigits,
          maxDigits: node.maxDigits,
          terminators: node.terminators,
          timeoutMs: node.timeoutMs,
          interDigitTimeoutMs: node.interDigitTimeoutMs,
        },
        ctx.signal,
      )
      .then((outcome): VerbOutcome | Promise<VerbOutcome> => {
        if (outcome.kind === 'hangup') return { kind: 'callee_hangup', detail: detail() };
        if (outcome.kind === 'no_input') {
          tries.push({ outcome: 'no_input' });
          return tryAgain(attempt + 1);
        }
        const route = routeOf(node, outcome.digits);
        if (route === undefined) {
          tries.push({ outcome: 'invalid', digits: outcome.digits });
          return tryAgain(attempt + 1);
        }
        tries.push({ outcome: 'valid', digits: outcome.digits });
        const set = node.into === undefined ? {} : { set: { [node.into]: outcome.digits } };
        if (node.into !== undefined) ctx.variables.set(node.into, outcome.digits);
        return { kind: 'next', edge: route.edge, target: route.target, detail: { ...detail(), digits: outcome.digits, ...set } };
      });

  /** Try `attempt` (after the first): its retry prompt if the node has one, then the entry. */
  const tryAgain = (attempt: number): VerbOutcome | Promise<VerbOutcome> => {
    if (attempt > node.tries) return afterTries();
    const previous = tries.at(-1);
    const retryPrompt = previous === undefined ? undefined : previous.outcome === 'no_input' ? node.noInputPrompt : node.invalidPrompt;
    if (retryPrompt === undefined) return collect(attempt);
    const retry = renderPrompt(retryPrompt, ctx);
    missing = mergeMissing(missing, retry.missing);
    return playPrompt(node.id, retry.prompt, ctx).then((played) => (played.kind === 'hangup' ? { kind: 'callee_hangup' as const, detail: detail() } : collect(attempt)));
  };

  return collect(1);
}
