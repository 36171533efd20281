// The Helm chart in deploy/helm/ringpace, checked without a helm binary: its values against its schema, the
// values paths its templates read, and the campaign Deployment's env against the service's own config schema.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANY_KEY, compileValuesSchema, envNames, hasValuePath, isValues, mergeValues, readChart, readValuesFile, reachableUnits, valueReferences, type Chart, type Values, type ValuesValidator } from './index.js';

const HELM_DIR = fileURLToPath(new URL('../../../deploy/helm', import.meta.url));
const CHART_DIR = join(HELM_DIR, 'ringpace');
const BAD_VALUES_DIR = join(HELM_DIR, 'bad-values');
const CAMPAIGN_MODULE = new URL('../../../services/campaign/dist/index.js', import.meta.url);
/** Variables node itself reads, which no service config lists. */
const NODE_RUNTIME_ENV = new Set(['NODE_OPTIONS']);
const MIGRATE_BIN_SOURCE = fileURLToPath(new URL('../../db/src/bin/migrate.ts', import.meta.url));

interface FieldSchema {
  safeParse(value: unknown): { success: boolean };
}

function isFieldSchema(value: unknown): value is FieldSchema {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/**
 * The campaign service's env contract, read from its built module. Packages never import services (lint
 * enforces that on the dependency graph); this test is the one place that must know a service's env, so it
 * loads the module by file path: no package edge to a service, and the real zod schema rather than a
 * reading of its source text.
 */
async function campaignConfigShape(): Promise<ReadonlyMap<string, FieldSchema>> {
  let loaded: unknown;
  try {
    loaded = await import(CAMPAIGN_MODULE.href);
  } catch (error) {
    throw new Error('services/campaign is not built: run `npx turbo run build --filter=@ringpace/campaign`', { cause: error });
  }
  const schema = isValues(loaded) ? loaded['campaignConfigSchema'] : undefined;
  const shape = isValues(schema) ? schema['shape'] : undefined;
  if (!isValues(shape)) throw new Error('services/campaign no longer exports campaignConfigSchema as a zod object');
  const fields = new Map<string, FieldSchema>();
  for (const [name, field] of Object.entries(shape)) {
    if (!isFieldSchema(field)) throw new Error(`campaignConfigSchema.${name} is not a zod schema`);
    fields.set(name, field);
  }
  return fields;
}

function section(values: Values, ...path: string[]): Values {
  let current: unknown = values;
  for (const key of path) current = isValues(current) ? current[key] : undefined;
  if (!isValues(current)) throw new Error(`values have no map at ${path.join('.')}`);
  return current;
}

function stringAt(values: Values, ...path: string[]): string {
  const key = path.at(-1) ?? '';
  const value = section(values, ...path.slice(0, -1))[key];
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`values have no scalar at ${path.join('.')}`);
  return String(value);
}

let chart: Chart;
let validate: ValuesValidator;

beforeAll(async () => {
  chart = await readChart(CHART_DIR);
  validate = compileValuesSchema(chart.schema);
});

describe('chart values', () => {
  it('values › values.yaml validates against values.schema.json', () => {
    expect(validate(chart.values)).toEqual({ ok: true });
  });

  it('values › each values file in ci/, laid over the defaults, validates', async () => {
    const files = (await readdir(join(CHART_DIR, 'ci'))).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const merged = mergeValues(chart.values, await readValuesFile(join(CHART_DIR, 'ci', file)));
      expect({ file, check: validate(merged) }).toEqual({ file, check: { ok: true } });
    }
  });

  const refusals: readonly (readonly [file: string, path: string])[] = [
    ['missing-database-secret.yaml', '/database/existingSecret'],
    ['empty-admin-token-secret.yaml', '/adminToken/existingSecret'],
    ['negative-replicas.yaml', '/services/campaign/replicas'],
    ['misspelt-service-key.yaml', '/services/campaign/replica'],
    ['misspelt-top-level-key.yaml', '/imagee'],
    ['inline-database-password.yaml', '/database/password'],
    ['credentials-in-env.yaml', '/services/campaign/env/DATABASE_URL'],
    ['nats-url-with-password.yaml', '/nats/url'],
    ['no-nats.yaml', '/nats'],
    ['env-out-of-range.yaml', '/services/campaign/env/DB_POOL_MAX'],
    ['run-as-root.yaml', '/podSecurityContext/runAsNonRoot'],
    ['gateway-inline-password.yaml', '/freeswitch/gateways/0/password'],
    ['gateway-credentials-in-proxy.yaml', '/freeswitch/gateways/0/proxy'],
    ['gateway-username-without-secret.yaml', '/freeswitch/gateways/0'],
    ['gateway-bad-name.yaml', '/freeswitch/gateways/0/name'],
    ['esl-password-inline.yaml', '/freeswitch/esl/password'],
    ['media-nodes-in-env.yaml', '/freeswitch/media/env/MEDIA_NODES'],
    ['dialer-pod-id-in-env.yaml', '/services/dialer/env/DIALER_POD_ID'],
    ['node-options-injection.yaml', '/services/campaign/nodeOptions'],
  ];

  it.each(refusals)('values › bad-values/%s is refused, naming %s', async (file, path) => {
    const check = validate(mergeValues(chart.values, await readValuesFile(join(BAD_VALUES_DIR, file))));
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.problems.map((problem) => problem.path)).toContain(path);
  });

  it('values › every file in bad-values/ has its case above', async () => {
    const files = (await readdir(BAD_VALUES_DIR)).filter((file) => file.endsWith('.yaml')).sort();
    expect(files).toEqual(refusals.map(([file]) => file).sort());
  });
});

describe('chart templates', () => {
  it('templates › every values path a template reads exists in values.yaml', () => {
    const references = chart.units.flatMap(valueReferences);
    expect(references.length).toBeGreaterThan(20);
    // A `services.*` path in a shared template must exist in the blocks of the services whose file reaches it.
    const services = Object.keys(section(chart.values, 'services'));
    const readers = new Map(services.map((name) => [name, new Set(reachableUnits(chart.units, `${name}.yaml`).map((unit) => unit.name))]));
    const missing = references
      .filter((reference) => {
        if (reference.path[0] !== 'services' || reference.path[1] !== ANY_KEY) return !hasValuePath(chart.values, reference.path);
        const users = services.filter((name) => readers.get(name)?.has(reference.unit) === true);
        return users.length === 0 || users.some((name) => !hasValuePath(chart.values, ['services', name, ...reference.path.slice(2)]));
      })
      .map((r) => `${r.unit}: ${r.expression}`);
    expect(missing).toEqual([]);
  });

  it('templates › the reusable service template reads each service block through $svc', () => {
    const service = chart.units.find((unit) => unit.name === 'ringpace.service');
    const paths = (service === undefined ? [] : valueReferences(service)).map((reference) => reference.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['services.*.replicas', 'services.*.drainTimeoutMs', 'services.*.probes.readiness', 'services.*.env']));
  });

  it('templates › every service block in values.yaml has a template file that renders it', () => {
    const files = new Set(chart.units.map((unit) => unit.file));
    for (const name of Object.keys(section(chart.values, 'services'))) {
      expect(files).toContain(`${name}.yaml`);
      const reached = reachableUnits(chart.units, `${name}.yaml`);
      const readsOwnBlock = reached.some((unit) => valueReferences(unit).some((reference) => reference.path[0] === 'services' && reference.path[1] === name));
      expect({ name, rendered: reached.some((unit) => unit.name === 'ringpace.service') || readsOwnBlock }).toEqual({ name, rendered: true });
    }
  });
});

describe('campaign wiring', () => {
  let config: ReadonlyMap<string, FieldSchema>;
  let chartEnv: string[];
  let valuesEnv: string[];

  beforeAll(async () => {
    config = await campaignConfigShape();
    chartEnv = reachableUnits(chart.units, 'campaign.yaml').flatMap(envNames);
    const definitions = section(chart.schema as Values, 'definitions', 'campaignEnv', 'properties');
    valuesEnv = Object.keys(definitions);
  });

  it('campaign › every env variable the Deployment sets, or values may set, is a campaign config key', () => {
    expect(chartEnv).toEqual(expect.arrayContaining(['DATABASE_URL', 'NATS_URL', 'ADMIN_TOKEN', 'GRPC_LISTEN', 'DRAIN_TIMEOUT_MS']));
    const unknown = [...chartEnv, ...valuesEnv].filter((name) => !config.has(name) && !NODE_RUNTIME_ENV.has(name));
    expect(unknown).toEqual([]);
  });

  it('campaign › the chart and values never set the same variable twice', () => {
    expect(chartEnv.filter((name) => valuesEnv.includes(name))).toEqual([]);
    expect(new Set(chartEnv).size).toBe(chartEnv.length);
  });

  it('campaign › the Deployment sets every variable the service cannot start without', () => {
    const required = [...config].filter(([, field]) => !field.safeParse(undefined).success).map(([name]) => name);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !chartEnv.includes(name))).toEqual([]);
  });

  it.each(['values.yaml', 'ci/production-values.yaml'])('campaign › %s gives the service values it accepts', async (file) => {
    const values = file === 'values.yaml' ? chart.values : mergeValues(chart.values, await readValuesFile(join(CHART_DIR, file)));
    const env: Record<string, string> = {
      GRPC_LISTEN: `0.0.0.0:${stringAt(values, 'services', 'campaign', 'grpcPort')}`,
      DRAIN_TIMEOUT_MS: stringAt(values, 'services', 'campaign', 'drainTimeoutMs'),
      BUS_NAMESPACE: stringAt(values, 'busNamespace'),
      ...Object.fromEntries(Object.entries(section(values, 'services', 'campaign', 'env')).map(([name, value]) => [name, String(value)])),
    };
    const natsUrl = stringAt(values, 'nats', 'url');
    if (natsUrl !== '') env['NATS_URL'] = natsUrl;
    const otlp = stringAt(values, 'telemetry', 'otlpTracesUrl');
    if (otlp !== '') env['OTLP_TRACES_URL'] = otlp;
    const refused = Object.entries(env).filter(([name, value]) => config.get(name)?.safeParse(value).success !== true);
    expect(refused).toEqual([]);
  });
});

describe('migration job', () => {
  it('migrations › the Job sets only variables the migration runner reads', async () => {
    const runner = await readFile(MIGRATE_BIN_SOURCE, 'utf8');
    const read = new Set([...runner.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1]));
    const set = reachableUnits(chart.units, 'migration-job.yaml').flatMap(envNames);
    expect(set).toEqual(['DATABASE_URL', 'MIGRATE_LOCK_TIMEOUT_MS']);
    expect(set.filter((name) => !read.has(name))).toEqual([]);
  });
});
