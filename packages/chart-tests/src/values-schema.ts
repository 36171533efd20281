// Validates chart values against values.schema.json as Helm does (draft-07), and names each problem by
// the path of the offending key, so `/database/password` reads as what to remove.
import { Ajv, type ErrorObject } from 'ajv';

export interface ValuesProblem {
  /** JSON pointer of the key at fault, e.g. `/services/campaign/replicas`. */
  readonly path: string;
  readonly message: string;
}

export type ValuesCheck = { readonly ok: true } | { readonly ok: false; readonly problems: readonly ValuesProblem[] };

export type ValuesValidator = (values: unknown) => ValuesCheck;

/**
 * Compiles `schema` once. Strict mode rejects keywords JSON Schema does not know, so a misspelt
 * `additionalProperties` cannot silently leave an object open.
 */
export function compileValuesSchema(schema: object): ValuesValidator {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  return (values) => {
    if (validate(values)) return { ok: true };
    return { ok: false, problems: (validate.errors ?? []).map(toProblem) };
  };
}

function toProblem(error: ErrorObject): ValuesProblem {
  // Ajv reports a missing or unexpected key at its parent object; point at the key itself.
  const params: Record<string, unknown> = error.params;
  const key = error.keyword === 'required' ? params['missingProperty'] : error.keyword === 'additionalProperties' ? params['additionalProperty'] : undefined;
  const path = typeof key === 'string' ? `${error.instancePath}/${escapePointer(key)}` : error.instancePath || '/';
  return { path, message: error.message ?? error.keyword };
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
