// say: text to speech, with `{field}` filled from variables and contact fields; then `next`.
import { z } from 'zod';
import { boundFields, nodeRef, templateText, voiceFields } from '../schema-parts.js';
import { missingDetail, noFacts, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

export const saySchema = z.strictObject({ verb: z.literal('say'), text: templateText(2000), ...voiceFields, next: nodeRef, ...boundFields });

export type SayNode = z.output<typeof saySchema> & { readonly id: string };

export function sayFacts(node: SayNode): NodeFacts {
  return { ...noFacts, edges: [{ path: ['next'], target: node.next }], templates: [{ path: ['text'], template: node.text }] };
}

// The port's promise is chained, not awaited: a call waits here through the whole prompt, and a
// suspended async frame is more to keep alive than a callback.
export function execSay(node: SayNode, ctx: VerbContext): Promise<VerbOutcome> {
  const rendered = ctx.render(node.text);
  const played = ctx.port.say(
    { nodeId: node.id, text: rendered.text, ...(node.voice === undefined ? {} : { voice: node.voice }), ...(node.language === undefined ? {} : { language: node.language }) },
    ctx.signal,
  );
  return played.then((outcome): VerbOutcome => {
    const detail = { text: rendered.text, ...missingDetail(rendered.missing) };
    if (outcome.kind === 'hangup') return { kind: 'callee_hangup', detail };
    return { kind: 'next', edge: ['next'], target: node.next, detail };
  });
}
