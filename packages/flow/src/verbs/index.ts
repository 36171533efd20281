// The verb table: the node schema as one union on `verb`, and the two dispatches (facts for the validator,
// exec for the interpreter), each an exhaustive switch so a new verb cannot be half wired.
import { z } from 'zod';
import { branchFacts, branchSchema, execBranch, type BranchNode } from './branch.js';
import { collectFacts, collectSchema, execCollect, type CollectNode } from './collect.js';
import { execHangup, hangupFacts, hangupSchema, type HangupNode } from './hangup.js';
import { execPlay, playFacts, playSchema, type PlayNode } from './play.js';
import { execRecord, recordFacts, recordSchema, type RecordNode } from './record.js';
import { execSay, sayFacts, saySchema, type SayNode } from './say.js';
import { execSet, setFacts, setSchema, type SetNode } from './set.js';
import { execTransfer, transferFacts, transferSchema, type TransferNode } from './transfer.js';
import type { NodeFacts, VerbContext, VerbOutcome } from './verb.js';
import { execWebhook, webhookFacts, webhookSchema, type WebhookNode } from './webhook.js';

export const nodeSchema = z.discriminatedUnion('verb', [
  playSchema,
  saySchema,
  collectSchema,
  branchSchema,
  setSchema,
  recordSchema,
  transferSchema,
  webhookSchema,
  hangupSchema,
]);

function fieldsOf(schema: z.ZodType): readonly string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.in as z.ZodType);
  return [];
}

/** The fields each verb accepts, for "did you mean" hints on unknown fields. */
export const VERB_FIELDS: Readonly<Record<string, readonly string[]>> = {
  play: fieldsOf(playSchema),
  say: fieldsOf(saySchema),
  collect: fieldsOf(collectSchema),
  branch: fieldsOf(branchSchema),
  set: fieldsOf(setSchema),
  record: fieldsOf(recordSchema),
  transfer: fieldsOf(transferSchema),
  webhook: fieldsOf(webhookSchema),
  hangup: fieldsOf(hangupSchema),
};

/** A node of a validated flow: durations in milliseconds, prompts resolved, defaults filled. */
export type FlowNode = PlayNode | SayNode | CollectNode | BranchNode | SetNode | RecordNode | TransferNode | WebhookNode | HangupNode;

export function nodeFacts(node: FlowNode): NodeFacts {
  switch (node.verb) {
    case 'play':
      return playFacts(node);
    case 'say':
      return sayFacts(node);
    case 'collect':
      return collectFacts(node);
    case 'branch':
      return branchFacts(node);
    case 'set':
      return setFacts(node);
    case 'record':
      return recordFacts(node);
    case 'transfer':
      return transferFacts(node);
    case 'webhook':
      return webhookFacts(node);
    case 'hangup':
      return hangupFacts(node);
  }
}

export function execNode(node: FlowNode, ctx: VerbContext): Promise<VerbOutcome> {
  switch (node.verb) {
    case 'play':
      return execPlay(node, ctx);
    case 'say':
      return execSay(node, ctx);
    case 'collect':
      return execCollect(node, ctx);
    case 'branch':
      return execBranch(node, ctx);
    case 'set':
      return execSet(node, ctx);
    case 'record':
      return execRecord(node, ctx);
    case 'transfer':
      return execTransfer(node, ctx);
    case 'webhook':
      return execWebhook(node, ctx);
    case 'hangup':
      return execHangup(node, ctx);
  }
}

export type { BranchNode, CollectNode, HangupNode, PlayNode, RecordNode, SayNode, SetNode, TransferNode, WebhookNode };
