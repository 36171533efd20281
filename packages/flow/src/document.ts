// The flow document as written (YAML or JSON), before validation: durations are strings with units,
// prompts are mappings, defaults are not yet filled.
import type { z } from 'zod';
import type { nodeSchema } from './verbs/index.js';

export type NodeDocument = z.input<typeof nodeSchema>;

export interface FlowDocument {
  readonly format?: 1;
  readonly name?: string;
  readonly description?: string;
  readonly start: string;
  /** Custom result marks, beside confirmed, refused, no_response, transferred and completed. */
  readonly results?: readonly string[];
  /** Nodes by id; or a list of nodes, each with an `id`. */
  readonly nodes: Readonly<Record<string, NodeDocument>> | readonly (NodeDocument & { readonly id: string })[];
}
