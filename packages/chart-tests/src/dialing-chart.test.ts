// The dialing half of the chart: the dialer Deployment and the FreeSWITCH StatefulSet (FreeSWITCH + media in
// one pod), read statically: env wired as the dialer↔media contract says, FreeSWITCH given every variable
// freeswitch/conf reads, gateway files the preprocessor accepts, and no credential written anywhere.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { envNames, isValues, mergeValues, readChart, readValuesFile, reachableUnits, type Chart, type TemplateUnit, type Values } from './index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CHART_DIR = join(REPO, 'deploy/helm/ringpace');

let chart: Chart;

beforeAll(async () => {
  chart = await readChart(CHART_DIR);
});

function reached(file: string): TemplateUnit[] {
  return reachableUnits(chart.units, file);
}

function topLevel(file: string): TemplateUnit {
  const unit = chart.units.find((candidate) => candidate.name === file && candidate.file === file);
  if (unit === undefined) throw new Error(`no template ${file}`);
  return unit;
}

/** The text of one container's block in a pod template (from `- name: <container>` to the next container). */
function container(unit: TemplateUnit, name: string): string {
  const start = unit.text.indexOf(`        - name: ${name}\n`);
  if (start < 0) throw new Error(`no container ${name} in ${unit.file}`);
  const next = unit.text.indexOf('\n        - name: ', start + 1);
  const volumes = unit.text.indexOf('\n      volumes:', start);
  const end = Math.min(...[next, volumes].filter((index) => index > 0));
  return unit.text.slice(start, end);
}

function namesIn(text: string): string[] {
  return [...text.matchAll(/^\s*-\s+name:\s+([A-Z][A-Z0-9_]*)\s*$/gm)].map((match) => match[1] ?? '');
}

/** Env names the helpers a container block includes would add. */
function includedEnv(text: string): string[] {
  const helpers = [...text.matchAll(/include "(ringpace\.env\.[A-Za-z]+)"/g)].map((match) => match[1] ?? '');
  return helpers.flatMap((name) => {
    const helper = chart.units.find((unit) => unit.name === name);
    return helper === undefined ? [] : [...envNames(helper), ...includedEnv(helper.text)];
  });
}

async function loadConfigShape(service: string, exportName: string): Promise<Map<string, { safeParse(value: unknown): { success: boolean } }> | undefined> {
  let loaded: unknown;
  try {
    loaded = await import(new URL(`services/${service}/dist/config.js`, `file://${REPO}`).href);
  } catch {
    return undefined;
  }
  const schema = isValues(loaded) ? loaded[exportName] : undefined;
  // A schema with .superRefine wraps the object: its shape is under .def.schema (zod 4) or ._def.schema.
  const candidates = [schema, ...(isValues(schema) && isValues(schema['def']) ? [schema['def']['schema']] : [])];
  for (const candidate of candidates) {
    const shape = isValues(candidate) ? candidate['shape'] : undefined;
    if (isValues(shape)) return new Map(Object.entries(shape) as [string, { safeParse(value: unknown): { success: boolean } }][]);
  }
  return undefined;
}

describe('dialer Deployment', () => {
  it('dialer › sets the contract env: its pod name as DIALER_POD_ID, metrics, drain, database, NATS, bus, traces, V8 flags', () => {
    const unit = topLevel('dialer.yaml');
    const env = [...namesIn(container(unit, 'dialer')), ...includedEnv(container(unit, 'dialer'))];
    expect([...env].sort()).toEqual(['BUS_NAMESPACE', 'DATABASE_URL', 'DIALER_POD_ID', 'DRAIN_TIMEOUT_MS', 'METRICS_LISTEN', 'NATS_URL', 'NODE_OPTIONS', 'OTLP_TRACES_URL']);
    expect(unit.text).toMatch(/- name: DIALER_POD_ID\n\s+valueFrom:\n\s+fieldRef:\n\s+fieldPath: metadata\.name/);
  });

  it('dialer › is scraped by Prometheus on its metrics port, and has a PodDisruptionBudget and an HPA on calls in progress', () => {
    const text = topLevel('dialer.yaml').text;
    expect(text).toContain('include "ringpace.prometheusAnnotations" $svc.metricsPort');
    expect(text).toContain('kind: PodDisruptionBudget');
    expect(text).toContain('name: ringpace_dialer_calls_active');
  });

  it('dialer › every env variable it sets is one services/dialer accepts (when built)', async () => {
    const shape = await loadConfigShape('dialer', 'dialerConfigSchema');
    if (shape === undefined) return;
    const unit = topLevel('dialer.yaml');
    const env = [...namesIn(container(unit, 'dialer')), ...includedEnv(container(unit, 'dialer'))].filter((name) => name !== 'NODE_OPTIONS');
    expect(env.filter((name) => !shape.has(name))).toEqual([]);
  });
});

describe('FreeSWITCH StatefulSet', () => {
  it('freeswitch › the FreeSWITCH container sets every variable freeswitch/conf reads', async () => {
    const vars = await readFile(join(REPO, 'freeswitch/conf/vars.xml'), 'utf8');
    const read = [...vars.matchAll(/cmd="env-set" data="[a-z_]+=\$([A-Z0-9_]+)"/g)].map((match) => match[1] ?? '');
    expect(read.length).toBeGreaterThan(8);
    const fs = container(topLevel('freeswitch.yaml'), 'freeswitch');
    const set = [...namesIn(fs), ...includedEnv(fs)];
    expect(read.filter((name) => !set.includes(name))).toEqual([]);
  });

  it('freeswitch › media gets one node named after the pod, on loopback, with the password of the same Secret', () => {
    const media = container(topLevel('freeswitch.yaml'), 'media');
    const env = namesIn(media);
    expect(env.indexOf('POD_NAME')).toBeGreaterThanOrEqual(0);
    // Kubernetes expands $(POD_NAME) only when POD_NAME is defined earlier in the list.
    expect(env.indexOf('POD_NAME')).toBeLessThan(env.indexOf('MEDIA_NODES'));
    expect(media).toMatch(/- name: POD_NAME\n\s+valueFrom:\n\s+fieldRef:\n\s+fieldPath: metadata\.name/);
    expect(media).toContain(`value: '[{"id":"$(POD_NAME)","host":"127.0.0.1","port":8021,`);
    expect(media).not.toMatch(/"password"/);
    const fs = container(topLevel('freeswitch.yaml'), 'freeswitch');
    for (const block of [media, fs]) expect(block).toContain('include "ringpace.env.eslPassword" $');
  });

  it('freeswitch › media writes recordings where the node records them, on the shared volume', async () => {
    const unit = topLevel('freeswitch.yaml');
    const entrypoint = await readFile(join(REPO, 'freeswitch/docker-entrypoint.sh'), 'utf8');
    expect(entrypoint).toContain('-recordings /var/lib/freeswitch/recordings');
    expect(container(unit, 'media')).toMatch(/- name: RECORDINGS_DIR\n\s+value: \/var\/lib\/freeswitch\/recordings/);
    for (const name of ['media', 'freeswitch']) expect(container(unit, name)).toMatch(/- name: recordings\n\s+mountPath: \/var\/lib\/freeswitch\/recordings/);
  });

  it('freeswitch › the media env it sets is what services/media accepts, and covers what it requires (when built)', async () => {
    const shape = await loadConfigShape('media', 'mediaConfigSchema');
    if (shape === undefined) return;
    const media = container(topLevel('freeswitch.yaml'), 'media');
    const env = [...namesIn(media), ...includedEnv(media)].filter((name) => name !== 'NODE_OPTIONS' && name !== 'POD_NAME');
    expect(env.filter((name) => !shape.has(name))).toEqual([]);
    const required = [...shape].filter(([, field]) => !field.safeParse(undefined).success).map(([name]) => name);
    expect(required.filter((name) => !env.includes(name))).toEqual([]);
  });

  it('freeswitch › gateway files keep to the preprocessor rules and read the password from the environment', () => {
    const text = topLevel('freeswitch.yaml').text;
    const data = text.slice(text.indexOf('kind: ConfigMap'), text.indexOf('kind: Service'));
    expect(data).toMatch(/\n {4}<include>\n/);
    expect(data).toMatch(/\n {4}<\/include>\n/);
    // The same shape the entrypoint's check and FreeSWITCH's env-set read: name=$VARIABLE.
    expect(data).toContain('<X-PRE-PROCESS cmd="env-set" data="ringpace_gateway_{{ .name | replace "-" "_" }}_password=${{ $var }}"/>');
    expect(data).toContain('<param name="password" value="$${ringpace_gateway_{{ .name | replace "-" "_" }}_password}"/>');
    // The variable FreeSWITCH reads is the one the container sets from the gateway's Secret.
    expect(text.match(/printf "GATEWAY_%s_PASSWORD" \(\.name \| upper \| replace "-" "_"\)/g)?.length).toBe(2);
  });

  it('freeswitch › refuses to render without a gateway and keeps node ids within media’s 32 characters', () => {
    const text = topLevel('freeswitch.yaml').text;
    expect(text).toContain('fail "freeswitch.gateways: list at least one gateway');
    expect(text).toMatch(/if gt \(len \(printf "%s-%d" \$name .*\)\) 32/);
  });
});

describe('env values may set', () => {
  it.each([
    ['dialer', 'dialerConfigSchema', 'dialerEnv'],
    ['media', 'mediaConfigSchema', 'mediaEnv'],
  ])('%s › every variable values may set is one the service reads (when built)', async (service, exportName, definition) => {
    const shape = await loadConfigShape(service, exportName);
    if (shape === undefined) return;
    const definitions = (chart.schema as Values)['definitions'];
    const env = isValues(definitions) && isValues(definitions[definition]) ? definitions[definition]['properties'] : undefined;
    const names = isValues(env) ? Object.keys(env) : [];
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((name) => !shape.has(name))).toEqual([]);
  });
});

describe('no default credentials', () => {
  function walk(values: unknown, path: string[], found: string[]): void {
    if (Array.isArray(values)) values.forEach((item, index) => walk(item, [...path, String(index)], found));
    else if (isValues(values)) for (const [key, value] of Object.entries(values)) walk(value, [...path, key], found);
    else if (typeof values === 'string' && /pass(word)?$/i.test(path.at(-1) ?? '')) found.push(path.join('.'));
  }

  it.each(['values.yaml', 'ci/production-values.yaml'])('credentials › %s holds no password value, only Secret references', async (file) => {
    const values: Values = file === 'values.yaml' ? chart.values : mergeValues(chart.values, await readValuesFile(join(CHART_DIR, file)));
    const found: string[] = [];
    walk(values, [], found);
    expect(found).toEqual([]);
    expect(JSON.stringify(values)).not.toMatch(/ClueCon/i);
  });

  it('credentials › no template writes a password or FreeSWITCH’s stock one', () => {
    for (const unit of [...reached('freeswitch.yaml'), ...reached('dialer.yaml')]) {
      expect({ unit: unit.name, stock: /ClueCon/i.test(unit.text) }).toEqual({ unit: unit.name, stock: false });
      const literal = [...unit.text.matchAll(/password["']?\s*[:=]\s*["']?([^\s"'{$][^\s"']*)/gi)].map((match) => match[0]);
      expect({ unit: unit.name, literal }).toEqual({ unit: unit.name, literal: [] });
    }
  });
});
