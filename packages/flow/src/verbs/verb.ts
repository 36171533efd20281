// The contract between the interpreter, the validator and each verb file: what a node tells the validator
// (its edges, templates, variables) and what executing it returns. Cancelling is the context's signal.
import type { CallPort } from '../call-port.js';
import type { PathSegment, RawProblem } from '../problem.js';
import type { RenderedTemplate } from '../template.js';
import type { StepDetail } from '../trace.js';

/** An edge to another node, at its path inside the node. */
export interface Edge {
  readonly path: readonly PathSegment[];
  readonly target: string;
}

/** What the validator needs to know about one well-formed node. */
export interface NodeFacts {
  readonly edges: readonly Edge[];
  readonly templates: readonly { readonly path: readonly PathSegment[]; readonly template: string }[];
  /** Variables the node sets (collect.into, set.values, webhook.assign, record.into). */
  readonly sets: readonly { readonly path: readonly PathSegment[]; readonly name: string }[];
  /** Fields the node reads by name (branch.on). */
  readonly reads: readonly { readonly path: readonly PathSegment[]; readonly name: string }[];
  /** Result marks the node can end the flow with. */
  readonly results: readonly { readonly path: readonly PathSegment[]; readonly result: string }[];
  /** Checks local to the node (paths relative to it). */
  readonly problems: readonly RawProblem[];
}

export const noFacts: NodeFacts = { edges: [], templates: [], sets: [], reads: [], results: [], problems: [] };

export interface VerbContext {
  readonly port: CallPort;
  /** Aborts when the run is cancelled; every port call gets it. */
  readonly signal: AbortSignal;
  /** The run's variables; verbs that set variables write here. */
  readonly variables: Map<string, string>;
  /** Fills a template from the variables, then the contact's fields. */
  render(template: string): RenderedTemplate;
}

export type VerbOutcome =
  /** Go on to `target`, through the edge at `edge` (relative to the node). */
  | { readonly kind: 'next'; readonly edge: readonly PathSegment[]; readonly target: string; readonly detail: StepDetail }
  /** The flow is over with a result mark. */
  | { readonly kind: 'end'; readonly result: string; readonly detail: StepDetail }
  | { readonly kind: 'callee_hangup'; readonly detail: StepDetail };

/** Merges the `missing` lists of several renders, keeping first-seen order. */
export function mergeMissing(...lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const name of list) if (!out.includes(name)) out.push(name);
  return out;
}

/** `{ missingFields }` only when something was missing, so traces stay short. */
export function missingDetail(missing: readonly string[]): StepDetail {
  return missing.length > 0 ? { missingFields: missing } : {};
}
