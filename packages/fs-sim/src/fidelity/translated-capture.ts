// Captures recorded over mod_loopback (the test dialplan's callees) replayed against fs-sim, which models
// gateway calls: each `loopback/<ext>/ringpace-test` is dialled as `sofia/gateway/callees/<ext>` to a callee
// that behaves like that extension. Replies, job results and non-channel events are compared in full; channel
// events of the A leg are compared by their skeleton (name, states, application, playback, DTMF, cause),
// since a loopback leg and a sofia leg carry different variables. B-leg events have no counterpart and go.
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { CALLEES_SCENARIO, CAPTURES_DIR } from './fidelity-harness.js';
import { loadCapture } from './capture.js';
import { type WireFrame } from './frame-splitter.js';
import { Normaliser, parseJsonEvent, parsePlainEvent, parseXmlEvent } from './normaliser.js';
import { replayCapture } from './replay.js';
import { startFsSim } from '../sim/start-fs-sim.js';

/** The ringpace-test extensions of the captures' README as callees behind the gateway. */
export const LOOPBACK_EQUIVALENT_SCENARIO: ScenarioInput = {
  ...CALLEES_SCENARIO,
  callees: [
    { match: 'answer_park', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 500 }, { do: 'answer' }] },
    { match: 'answer_hangup', behaviour: 'script', steps: [{ do: 'answer' }, { do: 'wait', ms: 300 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }] },
    { match: 'answer_play', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 1000 }, { do: 'answer' }, { do: 'wait', ms: 2000 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }] },
    { match: 'no_answer', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 3000 }, { do: 'refuse', status: 480, q850: 19 }] },
    { match: 'ring_forever', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 60000 }, { do: 'refuse', status: 480, q850: 19 }] },
    { match: 'busy', behaviour: 'script', steps: [{ do: 'wait', ms: 300 }, { do: 'refuse', status: 486, q850: 17 }] },
    { match: 'reject', behaviour: 'script', steps: [{ do: 'refuse', status: 603, q850: 21 }] },
    { match: 'early_media', behaviour: 'script', steps: [{ do: 'progress' }, { do: 'wait', ms: 500 }, { do: 'refuse', status: 404, q850: 1 }] },
  ],
  // The recordings' sound files (captures README: 0.5 s and 2 s sine tones).
  media: { files: { 'short.wav': 500, 'prompt.wav': 2000 } },
  // The ringpace-test context, for calls transferred back into it.
  dialplan: { 'ringpace-test': { answer_park: ['ring_ready', 'sleep 500', 'answer', 'park'] } },
};

const LOOPBACK_DIAL = /loopback\/([A-Za-z0-9_]+)\/ringpace-test/g;

export function dialThroughGateway(data: Buffer): Buffer {
  return Buffer.from(data.toString('utf8').replace(LOOPBACK_DIAL, 'sofia/gateway/callees/$1'), 'utf8');
}

const SKELETON_HEADERS = [
  'Event-Name', 'Channel-State', 'Channel-Call-State', 'Answer-State', 'Hangup-Cause', 'Application',
  'Application-Response', 'Playback-Status', 'DTMF-Digit', 'Record-File-Path', 'Unique-ID',
];

type EventFields = { headers: Array<[string, string]>; body: string | undefined };

export interface TranslatedRun {
  readonly captured: string[];
  readonly simulated: string[];
}

export interface TranslatedOptions {
  readonly rewrite?: (data: Buffer, index: number) => Buffer | undefined;
  readonly adjustCaptured?: (frame: WireFrame, index: number) => WireFrame | undefined;
  readonly dropEvents?: readonly string[];
  readonly speed?: number;
}

export async function runTranslatedCapture(name: string, options: TranslatedOptions = {}): Promise<TranslatedRun> {
  const records = loadCapture(`${CAPTURES_DIR}${name}.jsonl`);
  const sim = await startFsSim({ password: 'ClueCon', scenario: LOOPBACK_EQUIVALENT_SCENARIO, speed: options.speed ?? 20 });
  try {
    const drop = new Set(options.dropEvents ?? []);
    const isCapturedALeg = (channel: string): boolean => /^loopback\/[^/]+-a$/.test(channel);
    const isSimulatedALeg = (channel: string): boolean => channel.startsWith('sofia/');
    const result = await replayCapture(records, {
      port: sim.port,
      speed: options.speed ?? 20,
      countsCaptured: (frame) => comparable(frame, isCapturedALeg, drop),
      countsSimulated: (frame) => comparable(frame, isSimulatedALeg, drop),
      rewrite: (data, index) => {
        const rewritten = options.rewrite ? options.rewrite(data, index) : data;
        return rewritten === undefined ? undefined : dialThroughGateway(rewritten);
      },
    });
    const adjusted = result.captured
      // The job's command line names the dial string that was sent, which the translation rewrote.
      .map((frame) => ({ headers: frame.headers, body: frame.body.replace(LOOPBACK_DIAL, 'sofia/gateway/callees/$1') }))
      .map((frame, index) => (options.adjustCaptured ? options.adjustCaptured(frame, index) : frame))
      .filter((frame): frame is WireFrame => frame !== undefined);
    return {
      captured: render(adjusted, isCapturedALeg, drop),
      simulated: render(result.simulated, isSimulatedALeg, drop),
    };
  } finally {
    await sim.stop();
  }
}

function parseEvent(frame: WireFrame): EventFields | undefined {
  const type = frame.headers.find(([header]) => header === 'Content-Type')?.[1] ?? '';
  if (!type.startsWith('text/event-')) return undefined;
  return type === 'text/event-json' ? parseJsonEvent(frame.body) : type === 'text/event-xml' ? parseXmlEvent(frame.body) : parsePlainEvent(frame.body);
}

function comparable(frame: WireFrame, isALeg: (channelName: string) => boolean, drop: ReadonlySet<string>): boolean {
  const event = parseEvent(frame);
  if (event === undefined) return true;
  const eventName = event.headers.find(([header]) => header === 'Event-Name')?.[1] ?? '';
  if (drop.has(eventName)) return false;
  const channelName = decodeURIComponent(event.headers.find(([header]) => header === 'Channel-Name')?.[1] ?? '');
  return channelName === '' || isALeg(channelName);
}

function render(frames: readonly WireFrame[], isALeg: (channelName: string) => boolean, drop: ReadonlySet<string>): string[] {
  const normaliser = new Normaliser();
  const out: string[] = [];
  for (const frame of frames) {
    const type = frame.headers.find(([header]) => header === 'Content-Type')?.[1] ?? '';
    if (!type.startsWith('text/event-')) {
      // A linger notice names the controlled channel, which is a loopback leg in the recording.
      const headers = frame.headers.map(([header, value]): [string, string] => [header, header === 'Channel-Name' ? '<channel>' : value]);
      out.push(normaliser.frame({ headers, body: channelListing(frame.body, isALeg, normaliser) ?? frame.body }));
      continue;
    }
    const event = parseEvent(frame)!;
    const eventName = event.headers.find(([header]) => header === 'Event-Name')?.[1] ?? '';
    if (drop.has(eventName)) continue;
    const channelName = decodeURIComponent(event.headers.find(([header]) => header === 'Channel-Name')?.[1] ?? '');
    if (channelName === '') {
      out.push(normaliser.frame(frame));
    } else if (isALeg(channelName)) {
      out.push(skeleton(type, event, normaliser));
    }
  }
  return out;
}

/**
 * Channel listings and dumps describe loopback legs in the recording: `show ... as json`, `show channels`
 * and `uuid_dump ... json` keep their columns (or event skeleton) and the number of A-leg rows.
 */
function channelListing(body: string, isALeg: (channelName: string) => boolean, normaliser: Normaliser): string | undefined {
  if (body.startsWith('{"row_count":')) {
    const parsed = JSON.parse(body) as { rows?: Array<Record<string, string>> };
    const rows = (parsed.rows ?? []).filter((row) => isALeg(row.name ?? ''));
    return `<rows> columns=${Object.keys(parsed.rows?.[0] ?? {}).join(',')} a-legs=${rows.length}`;
  }
  if (body.startsWith('uuid,direction,')) {
    const lines = body.split('\n');
    const rows = lines.slice(1).filter((line) => isALeg(line.split(',')[4] ?? ''));
    return `<rows> columns=${lines[0]!} a-legs=${rows.length}`;
  }
  if (body.startsWith('{"Event-Name":"CHANNEL_DATA"')) return `<dump> ${skeleton('json', parseJsonEvent(body), normaliser)}`;
  return undefined;
}

function skeleton(type: string, event: EventFields, normaliser: Normaliser): string {
  const lines = [type];
  const eventName = event.headers.find(([header]) => header === 'Event-Name')?.[1];
  for (const name of SKELETON_HEADERS) {
    // A loopback A leg rings while still in CS_ROUTING; a sofia leg has reached CS_CONSUME_MEDIA by then.
    if (name === 'Channel-State' && eventName === 'CHANNEL_PROGRESS') continue;
    const value = event.headers.find(([header]) => header === name)?.[1];
    if (value !== undefined) lines.push(`${name}: ${normaliser.text(decodeURIComponent(value))}`);
  }
  return lines.join('\n');
}
