import { describe, expect, it } from 'vitest';
import { loadCapture, streamOf } from '../fidelity/capture.js';
import { CAPTURES_DIR } from '../fidelity/fidelity-harness.js';
import { splitFrames, type WireFrame } from '../fidelity/frame-splitter.js';
import { parseJsonEvent, parsePlainEvent } from '../fidelity/normaliser.js';
import { nameEvent } from '../core/event-names.js';
import { FsEvent } from '../core/fs-event.js';
import { serializeJson, serializePlain, serializeXml } from './event-serializer.js';

function serverFrames(name: string): WireFrame[] {
  return splitFrames(streamOf(loadCapture(`${CAPTURES_DIR}${name}.jsonl`), '<'));
}

function eventsOf(frames: WireFrame[], type: string): WireFrame[] {
  return frames.filter((frame) => frame.headers.some(([name, value]) => name === 'Content-Type' && value === type));
}

function rebuild(headers: Array<[string, string]>, body: string | undefined): FsEvent {
  const name = headers.find(([header]) => header === 'Event-Name')?.[1] ?? 'CUSTOM';
  const event = new FsEvent(nameEvent(name) ?? 'CUSTOM');
  event.headers.push(...headers);
  event.body = body;
  return event;
}

describe('event serializers › the bytes FreeSWITCH writes, checked against recorded events', () => {
  it('json › every recorded JSON event (c1, d2) is rebuilt byte for byte', () => {
    const frames = [...eventsOf(serverFrames('c1_event_subscription_commands'), 'text/event-json'), ...eventsOf(serverFrames('d2_bgapi_originate_answer_play_json_ALL'), 'text/event-json')];
    expect(frames.length).toBeGreaterThan(50);
    for (const frame of frames) {
      const { headers, body } = parseJsonEvent(frame.body);
      // The body's Content-Length is written by the serializer itself.
      const own = body === undefined ? headers : headers.filter(([name]) => name !== 'Content-Length');
      expect(serializeJson(rebuild(own, body))).toBe(frame.body);
    }
  });

  it('plain › recorded plain events re-encode to the same bytes when decoding loses nothing (k1, d1)', () => {
    const frames = [...eventsOf(serverFrames('k1_gateway_answer_dtmf_plain'), 'text/event-plain'), ...eventsOf(serverFrames('d1_bgapi_originate_answer_play_plain_ALL'), 'text/event-plain')];
    expect(frames.length).toBeGreaterThan(80);
    for (const frame of frames) {
      const { headers, body } = parsePlainEvent(frame.body);
      const decoded = headers.map(([name, value]): [string, string] => [name, decodeURIComponent(value)]);
      expect(serializePlain(rebuild(decoded.filter(([name]) => name !== 'Content-Length'), body))).toBe(frame.body);
    }
  });

  it('xml › the recorded BACKGROUND_JOB (c1) is rebuilt byte for byte, body and indentation included', () => {
    const xml = eventsOf(serverFrames('c1_event_subscription_commands'), 'text/event-xml').find((frame) => frame.body.includes('BACKGROUND_JOB'))!;
    const headers = [...xml.body.matchAll(/^ {4}<([^>]+)>(.*)<\/\1>$/gm)].map((m): [string, string] => [m[1]!, decodeURIComponent(m[2]!)]);
    const body = /<body>([\s\S]*?) {2}<\/body>/.exec(xml.body)![1];
    expect(serializeXml(rebuild(headers, body))).toBe(xml.body);
  });

  it.each([
    ['an empty header value is written _undef_', [['Event-Name', 'CUSTOM'], ['X', '']] as Array<[string, string]>, undefined, 'Event-Name: CUSTOM\nX: _undef_\n\n'],
    ['a body follows its Content-Length', [['Event-Name', 'BACKGROUND_JOB']] as Array<[string, string]>, '+OK\n', 'Event-Name: BACKGROUND_JOB\nContent-Length: 4\n\n+OK\n'],
  ])('plain › %s', (_name, headers, body, expected) => {
    expect(serializePlain(rebuild(headers, body))).toBe(expected);
  });

  it('json › control characters and quotes are escaped as cJSON does, UTF-8 passes', () => {
    expect(serializeJson(rebuild([['A', 'x"\\\n\u0001é']], undefined))).toBe('{"A":"x\\"\\\\\\n\\u0001é"}');
  });
});
