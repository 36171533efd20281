// The scenario file: the switch's identity and limits, its gateways, media durations and the callees behind
// the gateways, by number pattern. Validated with zod; every error names its path in the file.
import { z } from 'zod';
import { HANGUP_CAUSE_NAMES, type HangupCause } from '../core/hangup-cause.js';

const durationMs = z.number().int().min(0).max(24 * 3600 * 1000);
/** A fixed duration, or a [min, max] range drawn per call from the seeded generator. */
const durationRange = z.union([durationMs, z.tuple([durationMs, durationMs]).refine(([a, b]) => a <= b, 'min must not exceed max')]);
const hangupCause = z.enum(HANGUP_CAUSE_NAMES as [HangupCause, ...HangupCause[]]);
const sipStatus = z.number().int().min(300).max(699);
const dtmfDigits = z.string().regex(/^[0-9*#A-Da-d]+$/, 'DTMF digits are 0-9, *, #, A-D');

/** `1001`, `1555*` (prefix) or `/^1555\d{7}$/` (regular expression, checked here). */
const numberPattern = z.string().min(1).refine((pattern) => {
  if (!(pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/'))) return true;
  try {
    new RegExp(pattern.slice(1, -1));
    return true;
  } catch {
    return false;
  }
}, 'not a valid /regular expression/');

const dtmfAt = z.strictObject({ afterMs: durationRange, digits: dtmfDigits });

export const farEndStepSchema = z.discriminatedUnion('do', [
  z.strictObject({ do: z.literal('ring') }),
  z.strictObject({ do: z.literal('progress') }),
  z.strictObject({ do: z.literal('answer') }),
  z.strictObject({ do: z.literal('wait'), ms: durationRange }),
  z.strictObject({ do: z.literal('dtmf'), digits: dtmfDigits }),
  z.strictObject({ do: z.literal('refuse'), status: sipStatus, q850: z.number().int().min(1).max(127).optional() }),
  z.strictObject({ do: z.literal('hangup'), cause: hangupCause.default('NORMAL_CLEARING') }),
]);
export type FarEndStepInput = z.infer<typeof farEndStepSchema>;

const behaviourFields = {
  /** Time from the INVITE to the answer (or to the refusal). */
  ringMs: durationRange.optional(),
  /** answer / hangup-mid-message / answering-machine: hang up this long after answering. */
  hangupAfterMs: durationRange.optional(),
  /** Digits the callee presses, relative to the answer. */
  dtmf: z.array(dtmfAt).optional(),
  /** early-media / network-failure / no-answer: the final status (and optional Q.850 Reason cause). */
  status: sipStatus.optional(),
  q850: z.number().int().min(1).max(127).optional(),
  /** no-answer: give up after ringing this long (480 with Q.850 19); without it the phone rings for ever. */
  giveUpAfterMs: durationRange.optional(),
  /** early-media: how long the 183 tone lasts before the final status. */
  earlyMediaMs: durationRange.optional(),
  steps: z.array(farEndStepSchema).optional(),
};

export const BEHAVIOURS = [
  'answer', 'busy', 'no-answer', 'unallocated', 'rejected', 'network-failure', 'answering-machine',
  'hangup-mid-message', 'early-media', 'script',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

const behaviourSchema = z.strictObject({ behaviour: z.enum(BEHAVIOURS), ...behaviourFields });
export type BehaviourSpec = z.infer<typeof behaviourSchema>;

const calleeSchema = z
  .strictObject({
    /** One number, a list of numbers, a prefix ending in `*`, or a /regular expression/. */
    match: z.union([numberPattern, z.array(numberPattern).min(1)]),
    behaviour: z.enum(BEHAVIOURS).optional(),
    ...behaviourFields,
    /** A weighted mix of behaviours for the numbers this entry matches; the choice is seeded per call. */
    mix: z.array(behaviourSchema.extend({ weight: z.number().positive() })).min(1).optional(),
    /**
     * One behaviour per call to the same number, in order: the nth call takes the nth entry and the last
     * repeats ("busy the first time, answers the second"), so retries can be scripted exactly.
     */
    calls: z.array(behaviourSchema).min(1).optional(),
  })
  .refine((callee) => [callee.behaviour, callee.mix, callee.calls].filter((given) => given !== undefined).length === 1, {
    message: 'give exactly one of behaviour, mix or calls',
  })
  .refine((callee) => callee.behaviour !== 'script' || (callee.steps?.length ?? 0) > 0, {
    message: 'behaviour script needs steps',
    path: ['steps'],
  });
export type CalleeSpec = z.infer<typeof calleeSchema>;

const gatewaySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  profile: z.string().default('internal'),
  /** The carrier's address, `host[:port]`. */
  proxy: z.string().regex(/^[A-Za-z0-9_.-]+(:\d{1,5})?$/, 'host or host:port'),
  /** The carrier's channel capacity: beyond it, new INVITEs are refused with `overLimitStatus`. */
  maxChannels: z.number().int().positive().optional(),
  /** The carrier's calls-per-second limit. */
  callsPerSecond: z.number().positive().optional(),
  overLimitStatus: sipStatus.default(503),
  /** The gateway's `username` param (sofia.c defaults it to FreeSWITCH); shown by `sofia status`. */
  username: z.string().default('FreeSWITCH'),
  /** One-way network delay between the switch and the carrier. */
  latencyMs: durationMs.default(10),
  userAgent: z.string().default('FreeSWITCH-mod_sofia/1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit'),
  /** The address the carrier writes in its SDP o= line. */
  sdpOriginIp: z.string().optional(),
  /** Who the From header names when no caller id number is given. */
  fromHost: z.string().optional(),
});
export type GatewaySpec = z.infer<typeof gatewaySchema>;

export const scenarioSchema = z.strictObject({
  seed: z.number().int().optional(),
  node: z
    .strictObject({
      hostname: z.string().min(1).default('fs-sim'),
      switchname: z.string().min(1).optional(),
      ipv4: z.string().default('127.0.0.1'),
      ipv6: z.string().default('::1'),
      /** switch.conf max-sessions */
      maxSessions: z.number().int().positive().default(1000),
      /** switch.conf sessions-per-second */
      sessionsPerSecond: z.number().int().positive().default(30),
    })
    .prefault({}),
  profiles: z
    .record(z.string(), z.strictObject({ ip: z.string().default('127.0.0.1'), port: z.number().int().min(1).max(65535).default(5060) }))
    .default({ internal: { ip: '127.0.0.1', port: 5060 } }),
  gateways: z.array(gatewaySchema).default([]),
  media: z
    .strictObject({
      /** How long a sound file plays when no entry below names it. */
      defaultFileMs: durationMs.default(2000),
      /** File path (or a suffix of it, or a /regular expression/) to duration. */
      files: z.record(numberPattern, durationMs).default({}),
      /** How long `speak` takes per character of text. */
      ttsMsPerChar: z.number().min(0).default(60),
    })
    .prefault({}),
  callees: z.array(calleeSchema).default([]),
  /**
   * What a transfer (uuid_transfer, the transfer app, an originate to an extension) runs: context → extension
   * (exact, `prefix*` or /regex/) → applications as `name` or `name argument`. Anything not listed parks.
   */
  dialplan: z.record(z.string(), z.record(numberPattern, z.array(z.string().min(1)))).default({}),
  /** What a number no callee entry matches does. */
  otherwise: behaviourSchema.default({ behaviour: 'no-answer' }),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
