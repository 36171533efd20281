// Parse and validate in one call, for APIs that receive flow text: every problem, syntax or semantic,
// with its path and, where the text allows, its line and column.
import { parseFlowDocument, type DocumentFormat } from './parse-document.js';
import { validateFlow, type FlowValidation, type ValidateFlowOptions } from './validate.js';

export interface ValidateFlowTextOptions extends Omit<ValidateFlowOptions, 'locate'> {
  readonly format?: DocumentFormat;
}

export function validateFlowText(text: string, options: ValidateFlowTextOptions = {}): FlowValidation {
  const parsed = parseFlowDocument(text, options.format);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  return validateFlow(parsed.document, {
    locate: parsed.locate,
    ...(options.contactFields === undefined ? {} : { contactFields: options.contactFields }),
  });
}
