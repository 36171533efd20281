// Validates a whole environment against a zod schema and reports every bad variable in one error.
// Only a service's main.ts passes `process.env` in; everything else receives the typed result.
import type { z } from 'zod';
import { AppError } from '@ringpace/errors';

export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

export class ConfigError extends AppError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
      { code: 'INVALID_ARGUMENT', retryable: false },
    );
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` with `schema`, whose keys are the variable names. Empty strings count as unset, so
 * `FOO=` falls back to the default instead of failing a number parse.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(root)',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
  throw new ConfigError(problems);
}
