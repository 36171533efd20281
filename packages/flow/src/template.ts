// Text templates: "Dear {name}, your bill of {amount} is due". `{field}` is replaced by the flow variable or
// contact field of that name; `{{` and `}}` stand for literal braces.
import { AppError } from '@ringpace/errors';

/** Names usable in `{...}`, in `into`, `assign` and `set`: a letter or underscore, then letters, digits, underscores. */
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'field'; readonly name: string };

export interface TemplateSyntaxProblem {
  /** 0-based character offset in the template. */
  readonly offset: number;
  readonly message: string;
}

export type TemplateParse =
  | { readonly ok: true; readonly parts: readonly TemplatePart[]; readonly fields: readonly string[] }
  | { readonly ok: false; readonly problems: readonly TemplateSyntaxProblem[] };

export class TemplateSyntaxError extends AppError {
  override readonly name = 'TemplateSyntaxError';
  constructor(
    readonly template: string,
    readonly problems: readonly TemplateSyntaxProblem[],
  ) {
    super(`malformed template: ${problems.map((p) => `${p.message} at character ${p.offset + 1}`).join('; ')}`, {
      code: 'INVALID_ARGUMENT',
      retryable: false,
    });
  }
}

/** Splits a template into text and fields, reporting every syntax problem rather than the first. */
export function parseTemplate(template: string): TemplateParse {
  const parts: TemplatePart[] = [];
  const problems: TemplateSyntaxProblem[] = [];
  const fields: string[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const char = template[i];
    const following = template[i + 1];
    if (char === '{' && following === '{') {
      text += '{';
      i += 2;
    } else if (char === '}' && following === '}') {
      text += '}';
      i += 2;
    } else if (char === '}') {
      problems.push({ offset: i, message: 'a lone "}" must be written "}}"' });
      i += 1;
    } else if (char === '{') {
      const close = template.indexOf('}', i + 1);
      const nextOpen = template.indexOf('{', i + 1);
      if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
        problems.push({ offset: i, message: '"{" is not closed by "}" (write "{{" for a literal brace)' });
        i += 1;
        continue;
      }
      const name = template.slice(i + 1, close);
      if (!FIELD_NAME.test(name)) {
        problems.push({ offset: i, message: name === '' ? 'empty field name "{}"' : `"${name}" is not a field name (letters, digits and _, not starting with a digit)` });
      } else {
        if (text !== '') parts.push({ kind: 'text', text });
        text = '';
        parts.push({ kind: 'field', name });
        if (!fields.includes(name)) fields.push(name);
      }
      i = close + 1;
    } else {
      text += char;
      i += 1;
    }
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, parts, fields };
}

export interface RenderedTemplate {
  readonly text: string;
  /** Fields the template names that had no value; each rendered as an empty string. */
  readonly missing: readonly string[];
}

/**
 * Parsed templates by their text: a flow renders the same few templates on every call, and parsing one
 * builds its text a character at a time. Bounded; a flow's templates are a few dozen at most.
 */
const parsedTemplates = new Map<string, TemplateParse>();
const MAX_PARSED_TEMPLATES = 1_000;

function parsedTemplate(template: string): TemplateParse {
  let parsed = parsedTemplates.get(template);
  if (parsed === undefined) {
    parsed = parseTemplate(template);
    if (parsedTemplates.size >= MAX_PARSED_TEMPLATES) parsedTemplates.clear();
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}

/**
 * Fills a template from `values`. A field without a value renders as "" and is listed in `missing`, so a
 * call still goes on when one contact lacks one field; validation catches names no contact can have.
 * Throws TemplateSyntaxError for a malformed template (validated flows never contain one).
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): RenderedTemplate {
  return renderTemplateWith(template, (name) => (Object.hasOwn(values, name) ? (values[name] ?? '') : undefined));
}

/** renderTemplate with the values behind a lookup (undefined: no value), for callers holding them in several places. */
export function renderTemplateWith(template: string, valueOf: (name: string) => string | undefined): RenderedTemplate {
  const parsed = parsedTemplate(template);
  if (!parsed.ok) throw new TemplateSyntaxError(template, parsed.problems);
  let text = '';
  let missing: string[] | undefined;
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    const value = valueOf(part.name);
    if (value !== undefined) text += value;
    else if (missing === undefined) missing = [part.name];
    else if (!missing.includes(part.name)) missing.push(part.name);
  }
  return { text, missing: missing ?? NONE_MISSING };
}

const NONE_MISSING: readonly string[] = Object.freeze([]);
