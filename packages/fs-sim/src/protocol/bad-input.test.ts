import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireFrame } from '../fidelity/frame-splitter.js';
import { RawEslClient, header } from '../testing/raw-esl-client.js';
import { type FsSim, startFsSim } from '../sim/start-fs-sim.js';

let sim: FsSim;

beforeAll(async () => {
  sim = await startFsSim({ password: 'pw', scenario: { gateways: [{ name: 'carrier', proxy: '192.0.2.10' }] } });
});
afterAll(async () => {
  await sim.stop();
});

/** The node still answers a fresh, well-behaved client. */
async function stillServing(): Promise<void> {
  const client = await RawEslClient.authed(sim.port, 'pw');
  expect(await client.api('hostname')).toBe('fs-sim');
  client.close();
}

function replyText(frame: WireFrame): string | undefined {
  return header(frame, 'Reply-Text');
}

describe('fs-sim › bad input is bounded and answered like FreeSWITCH, or the connection is closed', () => {
  it('garbage before auth › `-ERR command not found`, and auth still works on the same connection', async () => {
    const client = await RawEslClient.connect(sim.port);
    await client.waitFor((frame) => header(frame, 'Content-Type') === 'auth/request');
    expect(replyText(await client.command('hello world'))).toBe('-ERR command not found');
    expect(replyText(await client.command('api status'))).toBe('-ERR command not found');
    expect(replyText(await client.command('auth pw'))).toBe('+OK accepted');
    expect(await client.api('hostname')).toBe('fs-sim');
    client.close();
  });

  it('binary garbage with NULs and stray CRs › answered as unknown commands, never a crash', async () => {
    const client = await RawEslClient.authed(sim.port, 'pw');
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x41, 0x00, 0x0a, 0x0a, 0xc3, 0x28, 0x0a, 0x0a]);
    client.write(bytes, 2);
    await client.waitFor(() => client.frames.filter((frame) => replyText(frame) === '-ERR command not found').length === 2);
    expect(await client.api('hostname')).toBe('fs-sim');
    client.close();
    await stillServing();
  });

  it('a line that never ends › cut at 10 MiB as read_packet() does, answered, and the connection goes on', async () => {
    const client = await RawEslClient.authed(sim.port, 'pw');
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 11; i++) client.write(chunk, i === 0 ? 1 : 0);
    await client.waitFor(() => client.frames.filter((frame) => replyText(frame) === '-ERR command not found').length >= 1, 0, 15_000);
    // The last MiB and the blank line make a second (unknown) command.
    client.write('\n\n', 1);
    expect(await client.api('hostname')).toBe('fs-sim');
    expect(client.frames.filter((frame) => replyText(frame) === '-ERR command not found')).toHaveLength(2);
    client.close();
    await stillServing();
  }, 30_000);

  it('a huge Content-Length › the connection is closed before the body is read, the node keeps serving', async () => {
    const client = await RawEslClient.authed(sim.port, 'pw');
    client.write('sendevent CUSTOM\nEvent-Subclass: x::y\nContent-Length: 999999999\n\nabc');
    await client.waitClosed();
    await stillServing();
  });

  it.each([
    ['an unknown command', 'launch missiles', '-ERR command not found'],
    ['a filter without a value', 'filter', '-ERR command not found'],
    ['event with no format', 'event', '-ERR no keywords supplied'],
    ['nixevent with nothing', 'nixevent', '-ERR no keywords supplied'],
    ['sendmsg to a uuid that is not a channel', 'sendmsg 00000000-0000-0000-0000-000000000000', '-ERR invalid session id [00000000-0000-0000-0000-000000000000]'],
  ])('after auth, %s › %j', async (_what, line, expected) => {
    const client = await RawEslClient.authed(sim.port, 'pw');
    expect(replyText(await client.command(line))).toBe(expected);
    expect(await client.api('hostname')).toBe('fs-sim');
    client.close();
  });

  it('an api command that does not exist › `-ERR <name> Command not found!` in the api/response', async () => {
    const client = await RawEslClient.authed(sim.port, 'pw');
    expect(await client.api('no_such_thing arg')).toBe('-ERR no_such_thing Command not found!\n');
    client.close();
  });

  it('many commands in one write, and one command split byte by byte › each answered once, in order', async () => {
    const client = await RawEslClient.authed(sim.port, 'pw');
    client.write('api hostname\n\napi global_getvar hostname\n\n\n\napi hostname\n\n', 3);
    await client.waitFor(() => client.frames.filter((frame) => header(frame, 'Content-Type') === 'api/response').length === 3);
    for (const [index, byte] of [...Buffer.from('api hostname\r\n\r\n')].entries()) client.write(Buffer.from([byte]), index === 0 ? 1 : 0);
    await client.waitFor(() => client.frames.filter((frame) => header(frame, 'Content-Type') === 'api/response').length === 4);
    const bodies = client.frames.filter((frame) => header(frame, 'Content-Type') === 'api/response').map((frame) => frame.body);
    expect(bodies).toEqual(['fs-sim', 'fs-sim', 'fs-sim', 'fs-sim']);
    client.close();
  });
});
