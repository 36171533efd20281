// transfer: hand the call to an agent queue or an outside number. Once bridged, the flow is over with
// `result` (default "transferred"); if no agent or the number does not take the call, go to `onFail`.
import { z } from 'zod';
import type { TransferTarget } from '../call-port.js';
import { durationField } from '../duration.js';
import { problem, ProblemCode } from '../problem.js';
import { RESULT_NAME, RESULT_NAME_RULE, ResultMark } from '../results.js';
import { boundFields, nodeRef, templateText } from '../schema-parts.js';
import { parseTemplate } from '../template.js';
import { missingDetail, noFacts, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

export const E164 = /^\+[1-9]\d{6,14}$/;
const QUEUE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const transferSchema = z
  .strictObject({
    verb: z.literal('transfer'),
    to: z
      .strictObject(
        {
          queue: z.string('must be a queue name').regex(QUEUE, 'a queue name has up to 64 letters, digits, ".", "-" or "_"').optional(),
          number: templateText(64).optional(),
        },
        'must be a mapping with queue or number',
      )
      .superRefine((to, ctx) => {
        if ((to.queue === undefined) === (to.number === undefined)) ctx.addIssue({ code: 'custom', message: 'a transfer goes to exactly one of queue or number' });
      }),
    timeout: durationField({ min: '5s', max: '10m', default: '30s' }),
    result: z.string('must be a result name').regex(RESULT_NAME, RESULT_NAME_RULE).default(ResultMark.Transferred),
    onFail: nodeRef,
    ...boundFields,
  })
  .transform(({ to, timeout, ...rest }) => ({ ...rest, timeoutMs: timeout, to: to.queue !== undefined ? { queue: to.queue } : { number: to.number ?? '' } }));

export type TransferNode = z.output<typeof transferSchema> & { readonly id: string };

export function transferFacts(node: TransferNode): NodeFacts {
  const number = node.to.number;
  const parsed = number === undefined ? undefined : parseTemplate(number);
  const literal = parsed?.ok === true && parsed.fields.length === 0;
  return {
    ...noFacts,
    edges: [{ path: ['onFail'], target: node.onFail }],
    templates: number === undefined ? [] : [{ path: ['to', 'number'], template: number }],
    results: [{ path: ['result'], result: node.result }],
    problems: literal && number !== undefined && !E164.test(number) ? [problem(['to', 'number'], ProblemCode.Schema, `"${number}" is not an E.164 number such as +8613800000000`)] : [],
  };
}

export async function execTransfer(node: TransferNode, ctx: VerbContext): Promise<VerbOutcome> {
  let to: TransferTarget;
  let missing: readonly string[] = [];
  if (node.to.number !== undefined) {
    const rendered = ctx.render(node.to.number);
    missing = rendered.missing;
    to = { kind: 'number', number: rendered.text };
    // A number from a contact field may be anything; a bad one is a failed transfer, not a failed call.
    if (!E164.test(rendered.text)) {
      return { kind: 'next', edge: ['onFail'], target: node.onFail, detail: { transfer: { to: rendered.text, outcome: 'invalid_number' }, ...missingDetail(missing) } };
    }
  } else {
    to = { kind: 'queue', queue: node.to.queue ?? '' };
  }
  const outcome = await ctx.port.transfer({ nodeId: node.id, to, timeoutMs: node.timeoutMs }, ctx.signal);
  const shown = to.kind === 'queue' ? `queue ${to.queue}` : to.number;
  const result = outcome.kind === 'failed' ? outcome.reason : outcome.kind;
  const detail = { transfer: { to: shown, outcome: result }, ...missingDetail(missing) };
  if (outcome.kind === 'hangup') return { kind: 'callee_hangup', detail };
  if (outcome.kind === 'failed') return { kind: 'next', edge: ['onFail'], target: node.onFail, detail };
  return { kind: 'end', result: node.result, detail };
}
