// play: an audio file from the tenant's sound library, or a tone; then `next`.
import { z } from 'zod';
import type { Audio } from '../audio.js';
import { audioPath, boundFields, nodeRef, toneSchema } from '../schema-parts.js';
import { noFacts, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

export const playSchema = z
  .strictObject({ verb: z.literal('play'), file: audioPath.optional(), tone: toneSchema.optional(), next: nodeRef, ...boundFields })
  .superRefine((node, ctx) => {
    if ((node.file === undefined) === (node.tone === undefined)) ctx.addIssue({ code: 'custom', message: 'play needs exactly one of file or tone' });
  })
  .transform(({ file, tone, ...rest }) => {
    const audio: Audio = tone !== undefined ? { kind: 'tone', tone } : { kind: 'file', file: file ?? '' };
    return { ...rest, audio };
  });

export type PlayNode = z.output<typeof playSchema> & { readonly id: string };

export function playFacts(node: PlayNode): NodeFacts {
  return { ...noFacts, edges: [{ path: ['next'], target: node.next }] };
}

export async function execPlay(node: PlayNode, ctx: VerbContext): Promise<VerbOutcome> {
  const outcome = await ctx.port.play({ nodeId: node.id, audio: node.audio }, ctx.signal);
  const detail = { audio: node.audio };
  if (outcome.kind === 'hangup') return { kind: 'callee_hangup', detail };
  return { kind: 'next', edge: ['next'], target: node.next, detail };
}
