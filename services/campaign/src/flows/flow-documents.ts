// Flow documents as FlowService receives them (JSON or YAML text) and stores them (the parsed document as
// jsonb): parse, validate with every problem located, and map problems to the wire.
import { DocumentFormat, ProblemCode, parseFlowDocument, validateFlow, type Flow, type FlowProblem } from '@ringpace/flow';
import { ValidationError } from '@ringpace/errors';
import { FlowDocumentFormat, type FlowProblem as WireFlowProblem } from '@ringpace/proto';

const MAX_DEFINITION_CHARS = 512 * 1024;

export type CheckedDocument = { readonly ok: true; readonly document: unknown; readonly flow: Flow } | { readonly ok: false; readonly problems: readonly FlowProblem[] };

function formatOf(format: FlowDocumentFormat): DocumentFormat | undefined {
  if (format === FlowDocumentFormat.JSON) return DocumentFormat.Json;
  if (format === FlowDocumentFormat.YAML) return DocumentFormat.Yaml;
  return undefined;
}

export function checkDocument(text: string, format: FlowDocumentFormat, contactFields?: readonly string[]): CheckedDocument {
  if (text.trim() === '') return { ok: false, problems: [{ path: '', message: 'the definition is empty', code: ProblemCode.Schema }] };
  if (text.length > MAX_DEFINITION_CHARS) return { ok: false, problems: [{ path: '', message: `the definition is longer than ${MAX_DEFINITION_CHARS} characters`, code: ProblemCode.Schema }] };
  const parsed = parseFlowDocument(text, formatOf(format));
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const validation = validateFlow(parsed.document, { locate: parsed.locate, ...(contactFields === undefined || contactFields.length === 0 ? {} : { contactFields }) });
  if (!validation.ok) return { ok: false, problems: validation.problems };
  return { ok: true, document: parsed.document, flow: validation.flow };
}

/** Re-validates a stored document (a validated Flow holds a Map and a RegExp, so it is never stored). */
export function flowFromStored(document: unknown): Flow {
  const validation = validateFlow(document);
  if (!validation.ok) throw new Error(`stored flow document no longer validates: ${validation.problems[0]?.message ?? ''}`);
  return validation.flow;
}

export function problemToWire(problem: FlowProblem): WireFlowProblem {
  const where = problem.line === undefined ? '' : ` (line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`})`;
  return { path: problem.path, message: `${problem.message}${where}` };
}

/** For methods that store a definition: problems become INVALID_ARGUMENT under the request field. */
export function requireValid(text: string, format: FlowDocumentFormat, field: string): { document: unknown; flow: Flow } {
  const checked = checkDocument(text, format);
  if (!checked.ok) {
    throw new ValidationError(checked.problems.map((problem) => {
      const wire = problemToWire(problem);
      return { field: wire.path === '' ? field : `${field}.${wire.path}`, message: wire.message };
    }));
  }
  return { document: checked.document, flow: checked.flow };
}
