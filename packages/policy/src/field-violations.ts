// Turns zod issues into the FieldViolation list of @ringpace/errors: one entry per problem, each with a
// dotted path such as `windows.mon[1].end`, so an API client can point at the exact field.
import type { FieldViolation } from '@ringpace/errors';
import type { z } from 'zod';

export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let field = prefix;
  for (const key of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else field += field === '' ? String(key) : `.${String(key)}`;
  }
  return field === '' ? '(root)' : field;
}

export function toFieldViolations(error: z.ZodError, prefix = ''): FieldViolation[] {
  const violations: FieldViolation[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One violation per unknown key, pointing at the key itself.
      for (const key of issue.keys) violations.push({ field: fieldPath(prefix, [...issue.path, key]), message: issue.message });
    } else {
      violations.push({ field: fieldPath(prefix, issue.path), message: issue.message });
    }
  }
  return violations;
}
