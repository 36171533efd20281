// Reads a chart directory (values.yaml, values.schema.json, templates/) and values files beside it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isValues, type Values } from './helm-values.js';
import { parseTemplateFile, type TemplateUnit } from './template-scan.js';

export interface Chart {
  readonly values: Values;
  readonly schema: object;
  readonly units: readonly TemplateUnit[];
}

export async function readValuesFile(path: string): Promise<Values> {
  const parsed: unknown = parse(await readFile(path, 'utf8'));
  if (parsed === null || parsed === undefined) return {};
  if (!isValues(parsed)) throw new Error(`${path}: a values file must hold a map`);
  return parsed;
}

export async function readChart(chartDir: string): Promise<Chart> {
  const schema: unknown = JSON.parse(await readFile(join(chartDir, 'values.schema.json'), 'utf8'));
  if (!isValues(schema)) throw new Error(`${chartDir}/values.schema.json: a schema must be an object`);
  const templatesDir = join(chartDir, 'templates');
  const files = (await readdir(templatesDir)).filter((file) => /\.(ya?ml|tpl|txt)$/.test(file)).sort();
  const units = (await Promise.all(files.map(async (file) => parseTemplateFile(file, await readFile(join(templatesDir, file), 'utf8'))))).flat();
  return { values: await readValuesFile(join(chartDir, 'values.yaml')), schema, units };
}
