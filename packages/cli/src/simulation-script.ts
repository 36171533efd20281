// What the simulated callee (and the tenant's webhooks) do, for `flows simulate`: --keys "1 #" (one key
// group per prompt) or a script file in the format of docs/flows.md ("Simulating a flow"), reduced to
// what SimulateFlow carries: key presses with their delay, silence, hang-up, webhook replies per node.
import type { SimulationStep } from '@ringpace/proto';
import { ShapeReader } from './shape.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

const dtmfDigits = /^[0-9*#A-D]{1,64}$/;

/** "1 #" or "1,#": each group answers one prompt, in order. */
export function keysScript(keys: string): SimulationStep[] | { invalid: string } {
  const groups = keys.split(/[\s,]+/).filter((group) => group !== '');
  const invalid = groups.find((group) => !dtmfDigits.test(group));
  if (invalid !== undefined) return { invalid };
  return groups.map((digits) => ({ step: { $case: 'dtmf', value: { digits, afterMs: 0 } } }));
}

const durationUnitsMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000 };

/** "2s", "1500ms", "1m" → milliseconds; the flow documents' duration syntax. */
export function durationMs(reader: ShapeReader, value: unknown, path: PathSegment[]): number | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value.trim()) : null;
  if (match === null) {
    reader.problem(path, `must be a duration such as "2s" or "1500ms", not ${JSON.stringify(value)}`);
    return undefined;
  }
  return Math.round(Number(match[1]) * durationUnitsMs[match[2]!]!);
}

/** Parts of the simulation format that the SimulateFlow API has no field for: said, not silently dropped. */
function unsupported(reader: ShapeReader, map: Record<string, unknown>, path: PathSegment[], keys: readonly string[]): void {
  for (const key of keys) if (key in map) reader.problem([...path, key], 'is not carried by the SimulateFlow API; simulate it through the flow library instead');
}

function readDigits(reader: ShapeReader, value: unknown, path: PathSegment[]): string | undefined {
  const digits = typeof value === 'number' ? String(value) : reader.string(value, path);
  if (digits === undefined) {
    if (value === undefined || value === null) reader.problem(path, 'is required');
    return undefined;
  }
  if (!dtmfDigits.test(digits)) {
    reader.problem(path, `"${digits}" is not 1 to 64 keys (0-9, *, #, A-D)`);
    return undefined;
  }
  return digits;
}

const calleeKeys = ['dtmf', 'after', 'gap', 'silence', 'speak', 'hangup'];

function readCalleeStep(reader: ShapeReader, value: unknown, path: PathSegment[]): SimulationStep | undefined {
  const map = reader.map(value, path, calleeKeys);
  if (map === undefined) return undefined;
  const kinds = ['dtmf', 'silence', 'speak', 'hangup'].filter((kind) => kind in map);
  if (kinds.length !== 1) {
    reader.problem(path, 'must hold exactly one of dtmf, silence, speak, hangup');
    return undefined;
  }
  switch (kinds[0]) {
    case 'dtmf': {
      unsupported(reader, map, path, ['gap']);
      const digits = readDigits(reader, map.dtmf, [...path, 'dtmf']);
      const afterMs = durationMs(reader, map.after, [...path, 'after']) ?? 0;
      return digits === undefined ? undefined : { step: { $case: 'dtmf', value: { digits, afterMs } } };
    }
    case 'silence':
      unsupported(reader, map, path, ['after', 'gap']);
      if (reader.bool(map.silence, [...path, 'silence']) !== true) return undefined;
      return { step: { $case: 'silenceMs', value: 0 } };
    case 'hangup':
      unsupported(reader, map, path, ['after', 'gap']);
      if (reader.bool(map.hangup, [...path, 'hangup']) !== true) return undefined;
      return { step: { $case: 'hangup', value: true } };
    default:
      unsupported(reader, map, path, ['speak']);
      return undefined;
  }
}

function readWebhookReply(reader: ShapeReader, nodeId: string, value: unknown, path: PathSegment[]): SimulationStep | undefined {
  const map = reader.map(value, path, ['status', 'body', 'delay', 'timeout', 'error']);
  if (map === undefined) return undefined;
  unsupported(reader, map, path, ['delay', 'error']);
  // HTTP status 0 is how SimulateFlow says "the request timed out".
  if (reader.bool(map.timeout, [...path, 'timeout']) === true) return { step: { $case: 'webhookReply', value: { nodeId, status: 0, bodyJson: '' } } };
  const status = reader.uint(map.status, [...path, 'status']);
  if (status === undefined) {
    if (map.status === undefined) reader.problem([...path, 'status'], 'is required (or timeout: true)');
    return undefined;
  }
  return { step: { $case: 'webhookReply', value: { nodeId, status, bodyJson: map.body === undefined ? '' : JSON.stringify(map.body) } } };
}

export interface SimulationScript {
  readonly contact: Record<string, string>;
  readonly steps: SimulationStep[];
  /** 0 when the script does not set it. */
  readonly maxSteps: number;
}

/** A script file; every problem is reported with its line. */
export function readScript(source: YamlSource): SimulationScript {
  const reader = new ShapeReader();
  const map = reader.map(source.value ?? {}, [], ['contact', 'callee', 'webhooks', 'transfers', 'maxSteps']) ?? {};
  unsupported(reader, map, [], ['transfers']);
  const contact: Record<string, string> = {};
  for (const [key, value] of Object.entries(reader.map(map.contact, ['contact'], Object.keys((map.contact as object | undefined) ?? {})) ?? {})) {
    // Fields are text, as an import gives them: unquoted, YAML would turn 120.50 into 120.5 and +86… into a number.
    if (typeof value === 'string') contact[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') reader.problem(['contact', key], `must be text: write it in quotes, or YAML reads it as the ${typeof value} ${String(value)}`);
    else reader.problem(['contact', key], 'must be text');
  }
  const steps = (reader.list(map.callee, ['callee']) ?? []).flatMap((item, index) => readCalleeStep(reader, item, ['callee', index]) ?? []);
  const webhooks = reader.map(map.webhooks, ['webhooks'], Object.keys((map.webhooks as object | undefined) ?? {})) ?? {};
  for (const [nodeId, replies] of Object.entries(webhooks)) {
    (reader.list(replies, ['webhooks', nodeId]) ?? []).forEach((reply, index) => {
      const step = readWebhookReply(reader, nodeId, reply, ['webhooks', nodeId, index]);
      if (step !== undefined) steps.push(step);
    });
  }
  const maxSteps = reader.uint(map.maxSteps, ['maxSteps']) ?? 0;
  if (reader.problems.length > 0) throw source.fail(reader.problems);
  return { contact, steps, maxSteps };
}
