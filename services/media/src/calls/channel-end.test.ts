import { describe, expect, it } from 'vitest';
import { ChannelEnd } from './channel-end.js';

const reason = new Error('the channel ended');

describe('channel end', () => {
  it('end › every registered callback runs once, and the flag is up', () => {
    const end = new ChannelEnd(reason);
    const calls: string[] = [];
    end.onEnd(() => calls.push('a'));
    end.onEnd(() => calls.push('b'));
    expect(end.aborted).toBe(false);
    end.end();
    end.end();
    expect(end.aborted).toBe(true);
    expect(calls).toEqual(['a', 'b']);
  });

  it('onEnd › an unregistered callback does not run; one registered after the end runs at once', () => {
    const end = new ChannelEnd(reason);
    const calls: string[] = [];
    const off = end.onEnd(() => calls.push('removed'));
    off();
    end.end();
    end.onEnd(() => calls.push('late'));
    expect(calls).toEqual(['late']);
  });

  it('signal › aborts with the reason when the channel ends, also when asked for after the end', () => {
    const before = new ChannelEnd(reason);
    const signal = before.signal();
    expect(signal.aborted).toBe(false);
    before.end();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    const after = new ChannelEnd(reason);
    after.end();
    expect(after.signal().aborted).toBe(true);
    expect(after.signal().reason).toBe(reason);
  });
});
