// set: give variables values (templates, rendered against the values before this step); then `next`.
import { z } from 'zod';
import { boundFields, fieldName, nodeRef, templateText } from '../schema-parts.js';
import { mergeMissing, missingDetail, noFacts, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

export const setSchema = z
  .strictObject({
    verb: z.literal('set'),
    values: z.record(fieldName, templateText(1000), 'must map variable names to values').refine((values) => Object.keys(values).length > 0, 'must set at least one variable'),
    next: nodeRef,
    ...boundFields,
  });

export type SetNode = z.output<typeof setSchema> & { readonly id: string };

export function setFacts(node: SetNode): NodeFacts {
  const names = Object.keys(node.values);
  return {
    ...noFacts,
    edges: [{ path: ['next'], target: node.next }],
    templates: names.map((name) => ({ path: ['values', name], template: node.values[name] ?? '' })),
    sets: names.map((name) => ({ path: ['values', name], name })),
  };
}

export function execSet(node: SetNode, ctx: VerbContext): Promise<VerbOutcome> {
  const set: Record<string, string> = {};
  let missing: string[] = [];
  for (const [name, template] of Object.entries(node.values)) {
    const rendered = ctx.render(template);
    set[name] = rendered.text;
    missing = mergeMissing(missing, rendered.missing);
  }
  for (const [name, value] of Object.entries(set)) ctx.variables.set(name, value);
  return Promise.resolve({ kind: 'next', edge: ['next'], target: node.next, detail: { set, ...missingDetail(missing) } });
}
