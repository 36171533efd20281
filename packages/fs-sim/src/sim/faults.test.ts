import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawEslClient, header } from '../testing/raw-esl-client.js';
import { type FsSim, startFsSim } from './start-fs-sim.js';

const scenario = {
  gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
  callees: [
    { match: '1001', behaviour: 'answer' as const, ringMs: 100 },
    { match: '1002', behaviour: 'answer' as const, ringMs: 100, hangupAfterMs: 200 },
  ],
};

let sim: FsSim | undefined;
const clients: RawEslClient[] = [];

async function start(speed = 1): Promise<FsSim> {
  sim = await startFsSim({ password: 'pw', scenario, speed });
  return sim;
}

async function connect(s: FsSim): Promise<RawEslClient> {
  const client = await RawEslClient.authed(s.port, 'pw');
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim?.stop();
  sim = undefined;
});

async function answeredCall(client: RawEslClient, number = '1001'): Promise<string> {
  const reply = await client.api(`originate sofia/gateway/carrier/${number} &park()`);
  expect(reply).toMatch(/^\+OK [0-9a-f-]{36}\n$/);
  return reply.slice(4, 40);
}

function connectionRefusedOrClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let gotData = false;
    socket.on('data', () => {
      gotData = true;
    });
    socket.on('error', () => resolve(true));
    socket.on('close', () => resolve(!gotData));
  });
}

describe('fs-sim › faults on command', () => {
  it('drop › every connection is cut without a disconnect notice, and the next connection works', async () => {
    const s = await start();
    const [a, b] = [await connect(s), await connect(s)];
    s.fault.drop();
    await Promise.all([a.waitClosed(), b.waitClosed()]);
    for (const client of [a, b]) {
      expect(client.frames.some((frame) => header(frame, 'Content-Type') === 'text/disconnect-notice')).toBe(false);
    }
    const c = await connect(s);
    expect(await c.api('status')).toMatch(/^UP /);
  });

  it('drop over the event socket › `api fs_sim fault drop` is answered first, then the connection is cut', async () => {
    const s = await start();
    const client = await connect(s);
    expect(await client.api('fs_sim fault drop')).toBe('+OK dropping connections\n');
    await client.waitClosed();
  });

  it('stall › replies are held for the stall, then arrive in order', async () => {
    const s = await start();
    const client = await connect(s);
    s.fault.stall(400);
    const startedAt = Date.now();
    const [first, second] = await Promise.all([client.api('hostname'), client.api('status')]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(350);
    expect(first).toBe('fs-sim');
    expect(second).toMatch(/^UP /);
  });

  it('stall is scaled › at speed 10, a 2,000 ms stall holds a reply for about 200 ms of real time', async () => {
    const s = await start(10);
    const client = await connect(s);
    s.fault.stall(2000);
    const startedAt = Date.now();
    await client.api('hostname');
    const tookMs = Date.now() - startedAt;
    expect(tookMs).toBeGreaterThanOrEqual(150);
    expect(tookMs).toBeLessThan(1500);
  });

  it('slow › events arrive late while replies do not, and `clear` ends it', async () => {
    const s = await start();
    const client = await connect(s);
    await client.command('event plain CUSTOM fs_sim::probe');
    expect(await client.api('fs_sim fault slow 300')).toBe('+OK events 300ms late\n');
    const from = client.frames.length;
    const startedAt = Date.now();
    await client.command('sendevent CUSTOM', 'Event-Subclass: fs_sim::probe\n');
    expect(Date.now() - startedAt).toBeLessThan(250);
    await client.waitForEvent('CUSTOM', () => true, from);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);

    expect(await client.api('fs_sim fault clear')).toBe('+OK faults cleared\n');
    const again = client.frames.length;
    const clearedAt = Date.now();
    await client.command('sendevent CUSTOM', 'Event-Subclass: fs_sim::probe\n');
    await client.waitForEvent('CUSTOM', () => true, again);
    expect(Date.now() - clearedAt).toBeLessThan(250);
  });

  it('restart › connections cut, the node refuses connections while down, then comes back with no channels and a new Core-UUID', async () => {
    const s = await start();
    const client = await connect(s);
    await client.command('event plain HEARTBEAT');
    const coreBefore = await client.api('global_getvar core_uuid');
    await answeredCall(client);
    expect(s.channels()).toHaveLength(1);

    const restarted = s.fault.restart(400);
    await client.waitClosed();
    expect(s.channels()).toEqual([]);
    expect(await connectionRefusedOrClosed(s.port)).toBe(true);
    await restarted;

    const after = await connect(s);
    expect(await after.api('show channels count')).toBe('\n0 total.\n');
    const coreAfter = await after.api('global_getvar core_uuid');
    expect(coreAfter).toMatch(/^[0-9a-f-]{36}$/);
    expect(coreAfter).not.toBe(coreBefore);
    expect(await after.api('status')).toMatch(/^UP 0 years, 0 days, 0 hours, 0 minutes, 0 seconds/);
  });

  it('restart over the event socket › `api fs_sim fault restart 200` answers, cuts the connection, and the node is back after', async () => {
    const s = await start();
    const client = await connect(s);
    expect(await client.api('fs_sim fault restart 200')).toBe('+OK restarting, down for 200ms\n');
    await client.waitClosed();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = await connect(s);
    expect(await after.api('hostname')).toBe('fs-sim');
  });

  it.each([
    ['fs_sim', '-USAGE: fault drop|stall <ms>|slow <ms>|restart [<ms>]|clear | dtmf <uuid> <digits>\n'],
    ['fs_sim fault stall soon', '-USAGE: fault drop|stall <ms>|slow <ms>|restart [<ms>]|clear | dtmf <uuid> <digits>\n'],
    ['fs_sim fault explode', '-USAGE: fault drop|stall <ms>|slow <ms>|restart [<ms>]|clear | dtmf <uuid> <digits>\n'],
    ['fs_sim dtmf 00000000-0000-0000-0000-000000000000 1', '-ERR No such channel!\n'],
  ])('bad sim command › `api %s` answers %j and changes nothing', async (command, expected) => {
    const s = await start();
    const client = await connect(s);
    expect(await client.api(command)).toBe(expected);
    expect(await client.api('hostname')).toBe('fs-sim');
  });

  it('restart › a call that was due to hang up makes no event after the restart', async () => {
    const s = await start();
    const watcher = await connect(s);
    const uuid = await answeredCall(watcher, '1002');
    await s.fault.restart(50);
    const after = await connect(s);
    await after.command('event plain ALL');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(after.events().filter((event) => event.headers.get('Unique-ID') === uuid)).toEqual([]);
    expect(s.channels()).toEqual([]);
  });
});
