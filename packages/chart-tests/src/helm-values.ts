// Helm's view of values: how a user's values file is laid over the chart's defaults, and whether a
// dotted path (as templates write `.Values.a.b`) exists in a values tree.

export type Values = { readonly [key: string]: unknown };

export function isValues(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Lays `override` over `base` the way `helm install -f` coalesces them: maps merge key by key, any other
 * value replaces, and `null` deletes the key (Helm's way of unsetting a default).
 */
export function mergeValues(base: Values, override: Values): Values {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isValues(value) && isValues(current)) merged[key] = mergeValues(current, value);
    else merged[key] = value;
  }
  return merged;
}

/** Segment standing for "every key of this map", as in `services.*.replicas`. */
export const ANY_KEY = '*';

/**
 * Whether `path` (segments; `*` = each key of a map) names a key in `values`. A `*` over an empty map is
 * false: the path cannot be checked against anything.
 */
export function hasValuePath(values: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  if (!isValues(values)) return false;
  const [head, ...rest] = path;
  if (head === ANY_KEY) {
    const children = Object.values(values);
    return children.length > 0 && children.every((child) => hasValuePath(child, rest));
  }
  return head !== undefined && Object.hasOwn(values, head) && hasValuePath(values[head], rest);
}
