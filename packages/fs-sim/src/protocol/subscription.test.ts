import { describe, expect, it } from 'vitest';
import { FsEvent } from '../core/fs-event.js';
import type { EventName } from '../core/event-names.js';
import { Subscription } from './subscription.js';

const event = (name: EventName, headers: Record<string, string> = {}, subclass?: string): FsEvent => {
  const e = new FsEvent(name, subclass);
  e.add('Event-Name', name);
  for (const [key, value] of Object.entries(headers)) e.add(key, value);
  return e;
};

describe('Subscription › what one connection receives (parse_command + event_handler)', () => {
  it.each([
    ['event plain ALL', ['plain', 'ALL'], '+OK event listener enabled plain'],
    ['a format word alone is no keyword', ['json'], '-ERR no keywords supplied'],
    ['an unknown format is taken as an event name and ignored', ['bogusformat', 'ALL'], '+OK event listener enabled plain'],
    ['SWITCH_EVENT_ prefixes are accepted', ['plain', 'SWITCH_EVENT_DTMF'], '+OK event listener enabled plain'],
  ])('%s', (_name, words, reply) => {
    expect(new Subscription().event(words)).toBe(reply);
  });

  it('a format word switches the format even when no keyword follows', () => {
    const subscription = new Subscription();
    subscription.event(['json']);
    expect(subscription.format).toBe('json');
  });

  it('nixevent of one type out of ALL keeps every other type', () => {
    const subscription = new Subscription();
    subscription.event(['plain', 'ALL']);
    expect(subscription.nixEvent(['CHANNEL_CREATE'])).toBe('+OK events nixed');
    expect(subscription.wants(event('CHANNEL_CREATE'))).toBe(false);
    expect(subscription.wants(event('CHANNEL_ANSWER'))).toBe(true);
  });

  it('CUSTOM subclasses are matched only when named after CUSTOM', () => {
    const subscription = new Subscription();
    subscription.event(['plain', 'CUSTOM', 'ringpace::test']);
    expect(subscription.wants(event('CUSTOM', {}, 'ringpace::test'))).toBe(true);
    expect(subscription.wants(event('CUSTOM', {}, 'other::thing'))).toBe(false);
  });

  it('noevents stops everything and says so twice differently', () => {
    const subscription = new Subscription();
    subscription.event(['plain', 'ALL']);
    expect(subscription.noEvents()).toBe('+OK no longer listening for events');
    expect(subscription.wants(event('HEARTBEAT'))).toBe(false);
    expect(subscription.noEvents()).toBe('-ERR not listening for events');
  });

  it.each([
    ['filter Event-Name X', 'Event-Name CHANNEL_CREATE', '+OK filter added. [Event-Name]=[CHANNEL_CREATE]'],
    ['filter add Event-Name X', 'add Event-Name CHANNEL_CREATE', '+OK filter added. [Event-Name]=[CHANNEL_CREATE]'],
    ['filter add without a value prints (null)', 'add Event-Name', '+OK filter added. [Event-Name]=[(null)]'],
    ['filter without a value', 'Event-Name', '-ERR invalid syntax'],
    ['filter delete of a filter that never existed', 'delete Event-Name NOPE', '+OK filter deleted. [Event-Name][NOPE]'],
    ['filter delete of a whole header', 'delete Unique-ID', '+OK filter deleted. [Unique-ID][]'],
    ['filter delete all', 'delete all', '+OK filter deleted. [all][]'],
    ['a regex filter value is echoed verbatim', 'Channel-Name /^sofia\\/internal\\//', '+OK filter added. [Channel-Name]=[/^sofia\\/internal\\//]'],
  ])('%s', (_name, line, reply) => {
    expect(new Subscription().filter(line)).toBe(reply);
  });

  it('with filters, an event passes when it matches one of them (case-insensitively, or by /regex/)', () => {
    const subscription = new Subscription();
    subscription.event(['plain', 'ALL']);
    subscription.filter('Event-Name background_job');
    subscription.filter('Channel-Name /^sofia\\/internal\\//');
    expect(subscription.wants(event('BACKGROUND_JOB'))).toBe(true);
    expect(subscription.wants(event('CHANNEL_ANSWER', { 'Channel-Name': 'sofia/internal/1001' }))).toBe(true);
    expect(subscription.wants(event('CHANNEL_ANSWER', { 'Channel-Name': 'sofia/callees/0000000000@127.0.0.1' }))).toBe(false);
    expect(subscription.wants(event('HEARTBEAT'))).toBe(false);
  });

  it('a -value filter excludes what matches it', () => {
    const subscription = new Subscription();
    subscription.event(['plain', 'ALL']);
    subscription.filter('Event-Name -HEARTBEAT');
    subscription.filter('Event-Name +CUSTOM');
    expect(subscription.wants(event('HEARTBEAT'))).toBe(false);
    expect(subscription.wants(event('CUSTOM'))).toBe(true);
  });

  it('myevents bound to a uuid passes only that channel (and jobs it owns)', () => {
    const subscription = new Subscription();
    subscription.enableMyEvents();
    subscription.boundUuid = 'u-1';
    expect(subscription.wants(event('CHANNEL_HANGUP', { 'Unique-ID': 'u-1' }))).toBe(true);
    expect(subscription.wants(event('CHANNEL_HANGUP', { 'Unique-ID': 'u-2' }))).toBe(false);
    expect(subscription.wants(event('HEARTBEAT'))).toBe(false);
  });

  it('myevents bound to no session passes the myevents types of every channel (the c5 quirk)', () => {
    const subscription = new Subscription();
    subscription.enableMyEvents();
    expect(subscription.wants(event('CHANNEL_ANSWER', { 'Unique-ID': 'anything' }))).toBe(true);
    expect(subscription.wants(event('CHANNEL_CALLSTATE', { 'Unique-ID': 'anything' }))).toBe(false);
  });
});
