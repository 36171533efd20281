// Reads and validates a scenario (YAML or JSON). Every problem is reported with its path in the file, all at
// once, as a ValidationError.
import { readFile } from 'node:fs/promises';
import { ValidationError } from '@ringpace/errors';
import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { type Scenario, scenarioSchema } from './scenario-schema.js';

export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(input ?? {});
  if (!result.success) throw toValidationError(result.error, source);
  for (const [index, gateway] of result.data.gateways.entries()) {
    if (!Object.hasOwn(result.data.profiles, gateway.profile)) {
      throw new ValidationError([{ field: `${source}: gateways.${index}.profile`, message: `no profile named "${gateway.profile}"` }]);
    }
  }
  const names = result.data.gateways.map((gateway) => gateway.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new ValidationError([{ field: `${source}: gateways`, message: `gateway "${duplicate}" is defined twice` }]);
  }
  return result.data;
}

/** `text` is YAML (which also reads JSON); `source` names the file in errors. */
export function parseScenarioText(text: string, source = 'scenario'): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ValidationError([{ field: source, message: `not YAML or JSON: ${(error as Error).message}` }], { cause: error });
  }
  return parseScenario(data, source);
}

export async function loadScenarioFile(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  return parseScenarioText(text, path);
}

function toValidationError(error: ZodError, source: string): ValidationError {
  return new ValidationError(
    error.issues.map((issue) => ({
      field: `${source}: ${issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.')}`,
      message: issue.message,
    })),
    { cause: error },
  );
}
