// A validated flow: what validateFlow returns and what the interpreter runs. Built only by validateFlow,
// so holding one means every check has passed.
import type { FlowNode } from './verbs/index.js';

export interface Flow {
  /** The document format; 1 is the only one so far. */
  readonly format: 1;
  readonly name?: string;
  readonly description?: string;
  /** The id of the node the call begins at. */
  readonly start: string;
  /** Custom result marks the document declared, beside the built-in ones. */
  readonly results: readonly string[];
  /** Every node by id, in document order. */
  readonly nodes: ReadonlyMap<string, FlowNode>;
}

/** Contact fields every campaign's contacts have, whatever their import columns. */
export const BUILT_IN_FIELDS: readonly string[] = ['phone', 'name'];
