import { describe, expect, it } from 'vitest';
import { subscriptionCommands } from './subscription.js';

const lines = (...args: Parameters<typeof subscriptionCommands>) => subscriptionCommands(...args).map((command) => command.text);

describe('subscription commands (the lines the captures show sent)', () => {
  it.each([
    ['ALL needs nothing added [d1]', { format: 'plain', events: ['ALL'] }, ['event plain ALL\n\n']],
    [
      'BACKGROUND_JOB and its filter are kept where the caller put them [k2]',
      {
        format: 'plain',
        events: ['BACKGROUND_JOB', 'CHANNEL_CREATE', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_DESTROY'],
        filters: [['Event-Name', 'BACKGROUND_JOB'], ['Channel-Name', '/^sofia\\/internal\\//']],
      },
      [
        'event plain BACKGROUND_JOB CHANNEL_CREATE CHANNEL_PROGRESS CHANNEL_PROGRESS_MEDIA CHANNEL_ANSWER CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_DESTROY\n\n',
        'filter Event-Name BACKGROUND_JOB\n\n',
        'filter Channel-Name /^sofia\\/internal\\//\n\n',
      ],
    ],
    ['BACKGROUND_JOB is added when missing', { format: 'json', events: ['CHANNEL_ANSWER'] }, ['event json CHANNEL_ANSWER BACKGROUND_JOB\n\n']],
    [
      'a filter brings the BACKGROUND_JOB filter first, or job results would be filtered out',
      { format: 'plain', events: ['CHANNEL_ANSWER'], filters: [['Channel-Name', '/^sofia\\/internal\\//']] },
      ['event plain CHANNEL_ANSWER BACKGROUND_JOB\n\n', 'filter Event-Name BACKGROUND_JOB\n\n', 'filter Channel-Name /^sofia\\/internal\\//\n\n'],
    ],
    [
      'CUSTOM subclasses come last, after the CUSTOM keyword [h]',
      { format: 'plain', events: ['HEARTBEAT', 'RE_SCHEDULE', 'BACKGROUND_JOB', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP_COMPLETE', 'CUSTOM'], customSubclasses: ['ringpace::test'] },
      ['event plain HEARTBEAT RE_SCHEDULE BACKGROUND_JOB CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE CUSTOM ringpace::test\n\n'],
    ],
  ] as const)('%s', (_name, subscription, expected) => {
    expect(lines(subscription)).toEqual(expected);
  });

  it('refuses a subclass with a space or a line break', () => {
    expect(() => subscriptionCommands({ format: 'plain', events: ['CUSTOM'], customSubclasses: ['a b'] })).toThrow(/subclass/);
    expect(() => subscriptionCommands({ format: 'plain', events: ['CUSTOM'], customSubclasses: ['a\nb'] })).toThrow(/subclass/);
  });
});
