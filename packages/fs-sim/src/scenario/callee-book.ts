// Who answers which number: the scenario's callee entries matched by number, each behaviour turned into the
// far end's script of SIP actions. Choices and random durations are seeded per (seed, number, nth call to it),
// so a run does not depend on the order in which calls happen to be placed.
import type { HangupCause } from '../core/hangup-cause.js';
import { Rng } from '../core/rng.js';
import type { BehaviourSpec, CalleeSpec, FarEndStepInput, Scenario } from './scenario-schema.js';

export type FarEndStep =
  | { readonly do: 'ring' }
  | { readonly do: 'progress' }
  | { readonly do: 'answer' }
  | { readonly do: 'wait'; readonly ms: number }
  | { readonly do: 'dtmf'; readonly digits: string }
  | { readonly do: 'refuse'; readonly status: number; readonly q850?: number }
  | { readonly do: 'hangup'; readonly cause: HangupCause };

type Range = number | readonly [number, number];

/** One call the switch placed to a callee: what tests compare with what the dialer believes it dialed. */
export interface PlacedCall {
  readonly number: string;
  /** 1 for the first call to this number. */
  readonly nth: number;
  /** Simulated time of the INVITE, epoch ms. */
  readonly atMs: number;
  readonly uuid: string;
  readonly gateway: string;
  /** `ringpace_attempt_id` of the originate, when it was set. */
  readonly attemptId: string | undefined;
}

export class CalleeBook {
  private readonly calls = new Map<string, number>();
  /** Every call placed, in order, when the simulator was asked to keep them (`recordCalls`). */
  readonly placed: PlacedCall[] = [];
  recordCalls = false;
  private readonly matchers: Array<{ test: (number: string) => boolean; callee: CalleeSpec }>;

  constructor(
    private readonly scenario: Scenario,
    private readonly seed: number,
  ) {
    this.matchers = scenario.callees.map((callee) => ({ test: matcher(callee.match), callee }));
  }

  /** The far end's script for the next call to `number`. */
  planFor(number: string, call?: Omit<PlacedCall, 'number' | 'nth'>): FarEndStep[] {
    const nth = (this.calls.get(number) ?? 0) + 1;
    this.calls.set(number, nth);
    if (this.recordCalls && call !== undefined) this.placed.push({ number, nth, ...call });
    const rng = new Rng(hash(`${this.seed}|${number}|${nth}`));
    const callee = this.matchers.find((entry) => entry.test(number))?.callee;
    const spec: BehaviourSpec = callee === undefined ? this.scenario.otherwise : pick(callee, rng, nth);
    return compile(spec, rng);
  }
}

function pick(callee: CalleeSpec, rng: Rng, nth: number): BehaviourSpec {
  if (callee.calls !== undefined) return callee.calls[Math.min(nth, callee.calls.length) - 1]!;
  if (callee.mix === undefined) return { ...callee, behaviour: callee.behaviour! };
  const total = callee.mix.reduce((sum, entry) => sum + entry.weight, 0);
  let roll = rng.next() * total;
  for (const entry of callee.mix) {
    roll -= entry.weight;
    if (roll < 0) return entry;
  }
  return callee.mix[callee.mix.length - 1]!;
}

function compile(spec: BehaviourSpec, rng: Rng): FarEndStep[] {
  const ms = (range: Range | undefined, fallback: number): number => draw(range ?? fallback, rng);
  switch (spec.behaviour) {
    case 'answer':
      return answered(spec, rng, ms(spec.ringMs, 1000), spec.hangupAfterMs === undefined ? undefined : ms(spec.hangupAfterMs, 0));
    case 'hangup-mid-message':
      return answered(spec, rng, ms(spec.ringMs, 1500), ms(spec.hangupAfterMs, 3000));
    case 'answering-machine':
      return answered(spec, rng, ms(spec.ringMs, 4000), ms(spec.hangupAfterMs, 30_000));
    case 'busy':
      return [wait(ms(spec.ringMs, 0)), refuse(spec.status ?? 486, spec.q850)];
    case 'unallocated':
      return [wait(ms(spec.ringMs, 0)), refuse(spec.status ?? 404, spec.q850)];
    case 'rejected':
      return [wait(ms(spec.ringMs, 0)), refuse(spec.status ?? 603, spec.q850)];
    case 'network-failure':
      return [wait(ms(spec.ringMs, 0)), refuse(spec.status ?? 503, spec.q850)];
    case 'no-answer': {
      const steps: FarEndStep[] = [{ do: 'ring' }];
      if (spec.giveUpAfterMs !== undefined) {
        steps.push(wait(ms(spec.giveUpAfterMs, 0)), refuse(spec.status ?? 480, spec.q850 ?? 19));
      }
      return steps;
    }
    case 'early-media':
      return [wait(ms(spec.ringMs, 0)), { do: 'progress' }, wait(ms(spec.earlyMediaMs, 1500)), refuse(spec.status ?? 404, spec.q850)];
    case 'script':
      return (spec.steps ?? []).map((step) => resolveStep(step, rng));
  }
}

/** ring, answer after `ringMs`, press the DTMF entries, hang up after `hangupAfterMs` (or stay up). */
function answered(spec: BehaviourSpec, rng: Rng, ringMs: number, hangupAfterMs: number | undefined): FarEndStep[] {
  const steps: FarEndStep[] = [{ do: 'ring' }, wait(ringMs), { do: 'answer' }];
  const timeline: Array<{ at: number; step: FarEndStep }> = (spec.dtmf ?? []).map((entry) => ({
    at: draw(entry.afterMs, rng),
    step: { do: 'dtmf', digits: entry.digits },
  }));
  if (hangupAfterMs !== undefined) timeline.push({ at: hangupAfterMs, step: { do: 'hangup', cause: 'NORMAL_CLEARING' } });
  timeline.sort((a, b) => a.at - b.at);
  let now = 0;
  for (const { at, step } of timeline) {
    if (at > now) steps.push(wait(at - now));
    now = Math.max(now, at);
    steps.push(step);
  }
  return steps;
}

function resolveStep(step: FarEndStepInput, rng: Rng): FarEndStep {
  switch (step.do) {
    case 'wait':
      return wait(draw(step.ms, rng));
    case 'refuse':
      return refuse(step.status, step.q850);
    default:
      return step;
  }
}

const wait = (ms: number): FarEndStep => ({ do: 'wait', ms });
const refuse = (status: number, q850: number | undefined): FarEndStep =>
  q850 === undefined ? { do: 'refuse', status } : { do: 'refuse', status, q850 };

function draw(range: Range, rng: Rng): number {
  return typeof range === 'number' ? range : rng.int(range[0], range[1]);
}

/** `1001`, a list, a `1555*` prefix or a `/^1555\d{7}$/` regular expression. */
function matcher(match: string | readonly string[]): (number: string) => boolean {
  const tests = (typeof match === 'string' ? [match] : match).map((pattern) => {
    if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
      const regex = new RegExp(pattern.slice(1, -1));
      return (number: string) => regex.test(number);
    }
    if (pattern.endsWith('*')) {
      const prefix = pattern.slice(0, -1);
      return (number: string) => number.startsWith(prefix);
    }
    return (number: string) => number === pattern;
  });
  return (number) => tests.some((test) => test(number));
}

/** FNV-1a, for seeding a generator from text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
