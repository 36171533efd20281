// Durations in flow documents are strings with a unit ("500ms", "5s", "2m"), never bare numbers, so a
// reader cannot mistake seconds for milliseconds. They are converted to milliseconds once, here.
import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

export type DurationParse = { ok: true; ms: number } | { ok: false; message: string };

export function parseDuration(value: unknown): DurationParse {
  if (typeof value === 'number') {
    return { ok: false, message: `must have a unit: write "${value}s" or "${value}ms", not ${value}` };
  }
  if (typeof value !== 'string') return { ok: false, message: 'must be a duration with a unit, such as "5s" or "500ms"' };
  const match = DURATION.exec(value.trim());
  if (match === null) return { ok: false, message: `"${value}" is not a duration: use a number and a unit (ms, s, m or h), such as "5s" or "500ms"` };
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS;
  const ms = amount * UNIT_MS[unit];
  if (!Number.isInteger(ms)) return { ok: false, message: `"${value}" is finer than a millisecond` };
  return { ok: true, ms };
}

/** 1500 → "1.5s", 60000 → "1m", 250 → "250ms": how messages and docs show a duration. */
export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms >= 1_000) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

export interface DurationField {
  readonly min: string;
  readonly max: string;
  /** Omit to make the field required. */
  readonly default?: string;
}

function msOf(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new RangeError(`bad duration literal ${text}`);
  return parsed.ms;
}

/** A document field holding a duration: validates unit and range, outputs milliseconds. */
export function durationField(spec: DurationField) {
  const minMs = msOf(spec.min);
  const maxMs = msOf(spec.max);
  const defaultMs = spec.default === undefined ? undefined : msOf(spec.default);
  return z
    .unknown()
    .optional()
    .transform((value, ctx): number => {
      if (value === undefined) {
        if (defaultMs !== undefined) return defaultMs;
        ctx.addIssue({ code: 'custom', message: 'is required', params: { problem: 'duration' } });
        return z.NEVER;
      }
      const parsed = parseDuration(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message, params: { problem: 'duration' } });
        return z.NEVER;
      }
      if (parsed.ms < minMs || parsed.ms > maxMs) {
        ctx.addIssue({ code: 'custom', message: `must be between ${spec.min} and ${spec.max}, got ${typeof value === 'string' ? value : formatDuration(parsed.ms)}`, params: { problem: 'duration' } });
        return z.NEVER;
      }
      return parsed.ms;
    });
}

/** Like durationField, but absent stays absent (undefined) instead of taking a default or being required. */
export function optionalDurationField(spec: Omit<DurationField, 'default'>) {
  const field = durationField({ ...spec, default: spec.min });
  return z
    .unknown()
    .optional()
    .transform((value, ctx): number | undefined => {
      if (value === undefined) return undefined;
      const parsed = field.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, params: { problem: 'duration' } });
      return z.NEVER;
    });
}
