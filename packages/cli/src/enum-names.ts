// Proto enum values as operators type and read them: "CAMPAIGN_STATE_RUNNING" ⇄ "running".
import { UsageError } from './errors.js';

/** "CAMPAIGN_STATE_RUNNING" → "running", "DIAL_MODE_NOTIFICATION" → "notification". */
export function enumLabel(value: string, prefix: string): string {
  const bare = value.startsWith(prefix) ? value.slice(prefix.length) : value;
  return bare.toLowerCase().replace(/_/g, '-');
}

/** The values of a string enum a user may name (UNSPECIFIED and UNRECOGNIZED excluded). */
export function enumChoices<E extends string>(values: Record<string, E>, prefix: string): Map<string, E> {
  const choices = new Map<string, E>();
  for (const value of Object.values(values)) {
    if (value.endsWith('_UNSPECIFIED') || value === 'UNRECOGNIZED') continue;
    choices.set(enumLabel(value, prefix), value);
  }
  return choices;
}

/** Reads "running", "RUNNING", "no_answer" or the full "CAMPAIGN_STATE_RUNNING"; undefined when unknown. */
export function parseEnumLabel<E extends string>(text: string, values: Record<string, E>, prefix: string): E | undefined {
  const normalized = text.trim().toLowerCase().replace(/_/g, '-');
  const bare = normalized.startsWith(enumLabel(prefix, '')) ? normalized.slice(prefix.length) : normalized;
  return enumChoices(values, prefix).get(bare);
}

/** parseEnumLabel for an option: a UsageError listing the choices when the text names none. */
export function enumOption<E extends string>(text: string, values: Record<string, E>, prefix: string, option: string, command: string): E {
  const value = parseEnumLabel(text, values, prefix);
  if (value === undefined) throw new UsageError(`--${option} must be one of ${[...enumChoices(values, prefix).keys()].join(', ')} (got "${text}")`, command);
  return value;
}
