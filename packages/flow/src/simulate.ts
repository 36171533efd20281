// SimulateFlow: run a flow against a contact and a script of what the callee and the tenant's systems do,
// without a call. The same interpreter as a real call, on a scripted port and a manual clock.
import { ManualClock } from '@ringpace/clock';
import { z } from 'zod';
import { TransferFailure } from './call-port.js';
import { durationField, optionalDurationField } from './duration.js';
import type { Flow } from './flow.js';
import { toFlowProblem, type FlowProblem } from './problem.js';
import { DEFAULT_MAX_STEPS, runFlow } from './run-flow.js';
import { ScriptedCallPort, type CalleeStep, type PortEffect, type TransferScript, type WebhookScript } from './scripted-port.js';
import type { FlowRun } from './trace.js';
import { issueProblems } from './zod-problems.js';

export interface SimulationScript {
  /** The contact's fields, as an import would give them (phone, name, amount...). */
  readonly contact: Readonly<Record<string, string>>;
  /** What the callee does, in order; once it runs out, the callee stays silent. */
  readonly callee?: readonly CalleeStep[];
  readonly webhooks?: Readonly<Record<string, readonly WebhookScript[]>>;
  readonly transfers?: Readonly<Record<string, readonly TransferScript[]>>;
  readonly maxSteps?: number;
}

export interface Simulation extends FlowRun {
  /** Callee steps left over: usually a sign the script does not match the flow. */
  readonly unusedCalleeSteps: number;
  /** Every call the flow made on the (scripted) call. */
  readonly effects: readonly PortEffect[];
}

/** The clock a simulation starts on; traces show time since the start, so the date never shows. */
const SIMULATION_EPOCH_MS = 0;

export async function simulateFlow(flow: Flow, script: SimulationScript): Promise<Simulation> {
  const clock = new ManualClock(SIMULATION_EPOCH_MS);
  const port = new ScriptedCallPort({
    clock,
    ...(script.callee === undefined ? {} : { callee: script.callee }),
    ...(script.webhooks === undefined ? {} : { webhooks: script.webhooks }),
    ...(script.transfers === undefined ? {} : { transfers: script.transfers }),
  });
  const run = await runFlow(flow, { contact: script.contact, port, clock, maxSteps: script.maxSteps ?? DEFAULT_MAX_STEPS });
  return { ...run, unusedCalleeSteps: port.unusedCalleeSteps, effects: port.effects };
}

// The script as an operator writes it (YAML or JSON, durations with units), for the SimulateFlow API.
const delay = durationField({ min: '0ms', max: '10m', default: '0ms' });

const calleeStepSchema = z
  .strictObject({
    dtmf: z.string('must be keys').regex(/^[0-9*#A-D]{1,64}$/, 'must be 1 to 64 of the keys 0-9, *, # and A-D').optional(),
    after: delay,
    gap: delay,
    silence: z.literal(true, 'must be true').optional(),
    speak: optionalDurationField({ min: '1ms', max: '10m' }),
    hangup: z.literal(true, 'must be true').optional(),
  })
  .superRefine((step, ctx) => {
    const kinds = (['dtmf', 'silence', 'speak', 'hangup'] as const).filter((k) => step[k] !== undefined).length;
    if (kinds !== 1) ctx.addIssue({ code: 'custom', message: 'each callee step is exactly one of dtmf, silence, speak or hangup' });
  })
  .transform((step): CalleeStep => {
    if (step.dtmf !== undefined) return { kind: 'dtmf', keys: step.dtmf, afterMs: step.after, gapMs: step.gap };
    if (step.hangup !== undefined) return { kind: 'hangup', afterMs: step.after };
    if (step.speak !== undefined) return { kind: 'speak', durationMs: step.speak };
    return { kind: 'silence' };
  });

const webhookScriptSchema = z
  .strictObject({
    status: z.number('must be an HTTP status').int().min(100, 'must be an HTTP status').max(599, 'must be an HTTP status').optional(),
    body: z.unknown().optional(),
    delay: delay,
    timeout: z.literal(true, 'must be true').optional(),
    error: z.string('must be text').min(1).optional(),
  })
  .superRefine((reply, ctx) => {
    if (reply.timeout !== undefined && reply.error !== undefined) ctx.addIssue({ code: 'custom', message: 'a reply is a status and body, a timeout or an error' });
  })
  .transform((reply): WebhookScript => {
    if (reply.timeout !== undefined) return { kind: 'timeout' };
    if (reply.error !== undefined) return { kind: 'error', message: reply.error };
    return { kind: 'reply', status: reply.status ?? 200, body: reply.body ?? {}, delayMs: reply.delay };
  });

const transferScriptSchema = z
  .strictObject({ outcome: z.enum(['bridged', ...Object.values(TransferFailure)], 'must be bridged, no_agent, busy, no_answer, rejected or invalid_number'), after: delay })
  .transform((transfer): TransferScript => ({ outcome: transfer.outcome, afterMs: transfer.after }));

const scalar = z.union([z.string(), z.number(), z.boolean()], 'must be text or a number').transform(String);

const scriptSchema = z.strictObject({
  contact: z.record(z.string(), scalar, 'must map field names to values'),
  callee: z.array(calleeStepSchema, 'must be a list of steps').max(200, 'must have at most 200 steps').optional(),
  webhooks: z.record(z.string(), z.array(webhookScriptSchema, 'must be a list of replies'), 'must map webhook node ids to replies').optional(),
  transfers: z.record(z.string(), z.array(transferScriptSchema, 'must be a list of outcomes'), 'must map transfer node ids to outcomes').optional(),
  maxSteps: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').optional(),
});

export type ScriptValidation = { readonly ok: true; readonly script: SimulationScript } | { readonly ok: false; readonly problems: readonly FlowProblem[] };

/** Checks a simulation script written by an operator (already parsed from YAML or JSON). */
export function parseSimulationScript(value: unknown): ScriptValidation {
  const parsed = scriptSchema.safeParse(value);
  if (parsed.success) {
    const { callee, webhooks, transfers, maxSteps, contact } = parsed.data;
    return {
      ok: true,
      script: {
        contact,
        ...(callee === undefined ? {} : { callee }),
        ...(webhooks === undefined ? {} : { webhooks }),
        ...(transfers === undefined ? {} : { transfers }),
        ...(maxSteps === undefined ? {} : { maxSteps }),
      },
    };
  }
  return { ok: false, problems: issueProblems(parsed.error.issues, { input: value, prefix: [] }).map((p) => toFlowProblem(p)) };
}
