import { silentLogger } from '@ringpace/log';
import { afterEach, describe, expect, it } from 'vitest';
import { commandReply, fakeNode, type FakeNode } from '../testing/fake-node.js';
import { EslClient } from './esl-client.js';
import type { LifecycleEvent } from './lifecycle.js';

let node: FakeNode | undefined;
let client: EslClient | undefined;

afterEach(async () => {
  client?.close();
  await node?.close();
});

/** Answers like FreeSWITCH 1.10.12 did in c1_event_subscription_commands. */
function answer(command: string): string {
  if (command === 'auth ClueCon') return commandReply('+OK accepted');
  const event = /^event (plain|json|xml) /.exec(command);
  if (event !== null) return commandReply(`+OK event listener enabled ${event[1]}`);
  if (command === 'noevents') return commandReply('+OK no longer listening for events');
  if (command === 'filter delete all') return commandReply('+OK filter deleted. [all][]');
  const filter = /^filter (\S+) (.+)$/.exec(command);
  if (filter !== null) return commandReply(`+OK filter added. [${filter[1]}]=[${filter[2]}]`);
  return commandReply('-ERR command not found');
}

describe('client › subscribe', () => {
  it('replaces the subscription now and on every later connection', async () => {
    const received: string[] = [];
    node = await fakeNode((command) => {
      received.push(command);
      return answer(command);
    });
    client = new EslClient({ host: '127.0.0.1', port: node.port, password: 'ClueCon', logger: silentLogger(), backoff: { initialDelayMs: 10 } });
    const lifecycle: LifecycleEvent[] = [];
    client.onLifecycle((event) => lifecycle.push(event));
    await client.start();
    expect(received[1]).toMatch(/^event plain CHANNEL_CREATE .* BACKGROUND_JOB$/);

    received.length = 0;
    await client.subscribe({ format: 'json', events: ['CHANNEL_ANSWER'], filters: [['Channel-Name', '/^sofia\\/internal\\//']] });
    const expected = ['event json CHANNEL_ANSWER BACKGROUND_JOB', 'filter Event-Name BACKGROUND_JOB', 'filter Channel-Name /^sofia\\/internal\\//'];
    expect(received).toEqual(['noevents', 'filter delete all', ...expected]);

    received.length = 0;
    node.dropAll();
    await expect.poll(() => lifecycle.filter((event) => event.type === 'connected').length).toBe(2);
    expect(received).toEqual(['auth ClueCon', ...expected]);
  });

  it('a refused subscription fails the connection attempt with EslCommandError', async () => {
    node = await fakeNode((command) => (command.startsWith('event ') ? commandReply('-ERR no keywords supplied') : answer(command)));
    client = new EslClient({ host: '127.0.0.1', port: node.port, password: 'ClueCon', logger: silentLogger() });
    await expect(client.start()).rejects.toMatchObject({ name: 'EslCommandError', replyText: '-ERR no keywords supplied' });
  });
});
