// What the simulated callee does, for `flows simulate`: --keys "1 #" (one key group per prompt) or a
// YAML script of steps (dtmf, silence_ms, webhook replies, hangup).
import type { SimulationStep } from '@ringpace/proto';
import { ShapeReader } from './shape.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

const dtmfDigits = /^[0-9*#A-Da-d]+$/;

/** "1 #" or "1,#": each group answers one prompt, in order. */
export function keysScript(keys: string): SimulationStep[] | { invalid: string } {
  const groups = keys.split(/[\s,]+/).filter((group) => group !== '');
  const invalid = groups.find((group) => !dtmfDigits.test(group));
  if (invalid !== undefined) return { invalid };
  return groups.map((digits) => ({ step: { $case: 'dtmf', value: { digits, afterMs: 0 } } }));
}

const stepKeys = ['dtmf', 'silence_ms', 'webhook', 'hangup'];

function readDigits(reader: ShapeReader, value: unknown, path: PathSegment[]): string | undefined {
  const digits = typeof value === 'number' ? String(value) : reader.string(value, path);
  if (digits !== undefined && !dtmfDigits.test(digits)) {
    reader.problem(path, `"${digits}" is not DTMF (0-9, *, #, A-D)`);
    return undefined;
  }
  return digits;
}

function readStep(reader: ShapeReader, value: unknown, path: PathSegment[]): SimulationStep | undefined {
  if (value === 'hangup') return { step: { $case: 'hangup', value: true } };
  if (typeof value === 'string' || typeof value === 'number') {
    const digits = readDigits(reader, value, path);
    return digits === undefined ? undefined : { step: { $case: 'dtmf', value: { digits, afterMs: 0 } } };
  }
  const map = reader.map(value, path, stepKeys);
  if (map === undefined) return undefined;
  const kinds = Object.keys(map);
  if (kinds.length !== 1) {
    reader.problem(path, `must hold exactly one of ${stepKeys.join(', ')}`);
    return undefined;
  }
  const kind = kinds[0]!;
  const inner = [...path, kind];
  switch (kind) {
    case 'dtmf': {
      if (map.dtmf !== null && typeof map.dtmf === 'object') {
        const dtmf = reader.map(map.dtmf, inner, ['digits', 'after_ms']);
        const digits = readDigits(reader, dtmf?.digits, [...inner, 'digits']);
        if (digits === undefined) return undefined;
        return { step: { $case: 'dtmf', value: { digits, afterMs: reader.uint(dtmf?.after_ms, [...inner, 'after_ms']) ?? 0 } } };
      }
      const digits = readDigits(reader, map.dtmf, inner);
      return digits === undefined ? undefined : { step: { $case: 'dtmf', value: { digits, afterMs: 0 } } };
    }
    case 'silence_ms': {
      const silence = reader.uint(map.silence_ms, inner);
      return silence === undefined ? undefined : { step: { $case: 'silenceMs', value: silence } };
    }
    case 'webhook': {
      const reply = reader.map(map.webhook, inner, ['status', 'body']);
      if (reply === undefined) return undefined;
      const status = reader.uint(reply.status, [...inner, 'status']) ?? 200;
      return { step: { $case: 'webhookReply', value: { status, bodyJson: reply.body === undefined ? '{}' : JSON.stringify(reply.body) } } };
    }
    default:
      return { step: { $case: 'hangup', value: reader.bool(map.hangup, inner) ?? true } };
  }
}

/** A script file: a list of steps; every problem is reported with its line. */
export function readScript(source: YamlSource): SimulationStep[] {
  const reader = new ShapeReader();
  const items = reader.list(source.value, []) ?? [];
  const steps = items.flatMap((item, index) => readStep(reader, item, [index]) ?? []);
  if (reader.problems.length > 0) throw source.fail(reader.problems);
  return steps;
}
