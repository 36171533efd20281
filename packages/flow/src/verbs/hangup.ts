// hangup: end the call with a result mark (confirmed, refused, no_response, ... or one declared under
// `results`). The mark is what the dialer and the reports see.
import { z } from 'zod';
import { RESULT_NAME, RESULT_NAME_RULE } from '../results.js';
import { boundFields } from '../schema-parts.js';
import { noFacts, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

export const hangupSchema = z.strictObject({ verb: z.literal('hangup'), result: z.string('must be a result name').regex(RESULT_NAME, RESULT_NAME_RULE), ...boundFields });

export type HangupNode = z.output<typeof hangupSchema> & { readonly id: string };

export function hangupFacts(node: HangupNode): NodeFacts {
  return { ...noFacts, results: [{ path: ['result'], result: node.result }] };
}

export async function execHangup(node: HangupNode, ctx: VerbContext): Promise<VerbOutcome> {
  await ctx.port.hangup({ nodeId: node.id, result: node.result }, ctx.signal);
  return { kind: 'end', result: node.result, detail: {} };
}
