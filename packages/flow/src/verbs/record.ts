// record: optionally prompt, beep, and record the callee until silence, a terminator key or the maximum
// duration; the recording's id goes into `into`. Then `next`.
import { z } from 'zod';
import { durationField } from '../duration.js';
import { boundFields, dtmfKeys, fieldName, nodeRef, promptOf, promptSchema } from '../schema-parts.js';
import { promptText, renderPrompt } from './prompt-effects.js';
import { missingDetail, noFacts, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

export const recordSchema = z
  .strictObject({
    verb: z.literal('record'),
    prompt: promptSchema.optional(),
    beep: z.boolean('must be true or false').default(true),
    maxDuration: durationField({ min: '1s', max: '10m', default: '60s' }),
    silenceTimeout: durationField({ min: '1s', max: '60s', default: '5s' }),
    terminators: dtmfKeys('terminators').default('#'),
    into: fieldName.optional(),
    next: nodeRef,
    ...boundFields,
  })
  .transform(({ prompt, maxDuration, silenceTimeout, ...rest }) => ({
    ...rest,
    maxDurationMs: maxDuration,
    silenceTimeoutMs: silenceTimeout,
    ...(prompt === undefined ? {} : { prompt: promptOf(prompt) }),
  }));

export type RecordNode = z.output<typeof recordSchema> & { readonly id: string };

export function recordFacts(node: RecordNode): NodeFacts {
  return {
    ...noFacts,
    edges: [{ path: ['next'], target: node.next }],
    templates: node.prompt?.kind === 'say' ? [{ path: ['prompt', 'say'], template: node.prompt.text }] : [],
    sets: node.into === undefined ? [] : [{ path: ['into'], name: node.into }],
  };
}

export async function execRecord(node: RecordNode, ctx: VerbContext): Promise<VerbOutcome> {
  const rendered = node.prompt === undefined ? undefined : renderPrompt(node.prompt, ctx);
  const outcome = await ctx.port.record(
    {
      nodeId: node.id,
      ...(rendered === undefined ? {} : { prompt: rendered.prompt }),
      beep: node.beep,
      maxDurationMs: node.maxDurationMs,
      silenceTimeoutMs: node.silenceTimeoutMs,
      terminators: node.terminators,
    },
    ctx.signal,
  );
  const recordingId = outcome.recordingId;
  // A callee who hangs up after speaking left a message: keep it, as voicemail does.
  if (recordingId !== undefined && node.into !== undefined) ctx.variables.set(node.into, recordingId);
  const detail = {
    ...promptText(rendered?.prompt),
    ...missingDetail(rendered?.missing ?? []),
    ...(recordingId === undefined ? {} : { recording: { recordingId, durationMs: outcome.durationMs } }),
    ...(recordingId !== undefined && node.into !== undefined ? { set: { [node.into]: recordingId } } : {}),
    ...(outcome.kind === 'recorded' ? { note: `ended by ${outcome.endedBy}` } : {}),
  };
  if (outcome.kind === 'hangup') return { kind: 'callee_hangup', detail };
  return { kind: 'next', edge: ['next'], target: node.next, detail };
}
