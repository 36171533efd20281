import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FsSim, startFsSim } from './start-fs-sim.js';

// A second ESL client, written by others against real FreeSWITCH (modesl 1.2.1 from npm), talks to fs-sim:
// what it can parse and act on is evidence that fs-sim's bytes are the switch's, independent of this project.

interface ModeslEvent {
  getHeader(name: string): string | undefined;
  getBody(): string | undefined;
}

interface ModeslConnection {
  api(command: string, callback: (response: ModeslEvent) => void): void;
  bgapi(command: string, callback: (result: ModeslEvent) => void): void;
  events(type: 'plain' | 'json' | 'xml', events: string, callback: () => void): void;
  execute(app: string, arg: string, uuid: string, callback: (complete: ModeslEvent) => void): void;
  on(name: string, listener: (event: ModeslEvent) => void): void;
  on(name: 'error', listener: (error: Error) => void): void;
  once(name: string, listener: (event: ModeslEvent) => void): void;
  disconnect(): void;
}

interface Modesl {
  Connection: new (host: string, port: number, password: string, ready: () => void) => ModeslConnection;
}

const modesl = createRequire(import.meta.url)('modesl') as Modesl;

let sim: FsSim;

beforeAll(async () => {
  sim = await startFsSim({
    password: 'ClueCon',
    speed: 20,
    scenario: {
      gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
      callees: [{ match: '1*', behaviour: 'answer', ringMs: 200, hangupAfterMs: 3000 }],
    },
  });
});
afterAll(async () => {
  await sim.stop();
});

function connect(password = 'ClueCon'): Promise<ModeslConnection> {
  return new Promise((resolve, reject) => {
    const connection = new modesl.Connection('127.0.0.1', sim.port, password, () => resolve(connection));
    connection.on('error', (error) => reject(error));
  });
}

const api = (connection: ModeslConnection, command: string): Promise<string> =>
  new Promise((resolve) => connection.api(command, (response) => resolve(response.getBody() ?? '')));

const bgapi = (connection: ModeslConnection, command: string): Promise<ModeslEvent> =>
  new Promise((resolve) => connection.bgapi(command, resolve));

const subscribe = (connection: ModeslConnection, format: 'plain' | 'json' | 'xml', events: string): Promise<void> =>
  new Promise((resolve) => connection.events(format, events, resolve));

function nextEvent(connection: ModeslConnection, name: string): Promise<ModeslEvent> {
  return new Promise((resolve) => connection.once(`esl::event::${name}::*`, resolve));
}

describe('fs-sim › an independent ESL client (modesl 1.2.1)', () => {
  it('authenticates and runs api commands', async () => {
    const connection = await connect();
    expect(await api(connection, 'hostname')).toBe('fs-sim');
    expect(await api(connection, 'status')).toMatch(/^UP 0 years/);
    expect(await api(connection, 'show channels count')).toBe('\n0 total.\n');
    connection.disconnect();
  });

  it('is refused with the wrong password (its ready callback never fires; the switch says -ERR invalid)', async () => {
    const notice = await new Promise<string>((resolve) => {
      const connection = new modesl.Connection('127.0.0.1', sim.port, 'wrong', () => resolve('ready'));
      connection.on('esl::event::command::reply', (reply) => {
        if (reply.getHeader('Reply-Text')?.startsWith('-ERR')) resolve(reply.getHeader('Reply-Text')!);
      });
    });
    expect(notice).toBe('-ERR invalid');
  });

  it.each(['plain', 'json', 'xml'] as const)('bgapi originate, BACKGROUND_JOB, and the call\'s events in %s', async (format) => {
    const connection = await connect();
    await subscribe(connection, format, 'CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE DTMF');
    const answered = nextEvent(connection, 'CHANNEL_ANSWER');
    const hungUp = nextEvent(connection, 'CHANNEL_HANGUP_COMPLETE');
    const uuid = crypto.randomUUID();
    const job = await bgapi(connection, `originate {origination_uuid=${uuid},origination_caller_id_number=15550001,lead_id=77}sofia/gateway/carrier/1001 &park()`);
    expect(job.getHeader('Job-Command')).toBe('originate');
    // switch_event_xmlize() puts <Content-Length> and <body> beside <headers>, where modesl 1.2.1 does not
    // look (it reads headers['Content-Length']), so it sees no body in xml, against FreeSWITCH as well.
    expect(job.getBody()).toBe(format === 'xml' ? '' : `+OK ${uuid}\n`);

    const answer = await answered;
    expect(answer.getHeader('Unique-ID')).toBe(uuid);
    expect(answer.getHeader('Caller-Caller-ID-Number')).toBe('15550001');
    expect(answer.getHeader('variable_lead_id')).toBe('77');
    expect(answer.getHeader('Answer-State')).toBe('answered');

    const complete = await hungUp;
    expect(complete.getHeader('Unique-ID')).toBe(uuid);
    // CHANNEL_HANGUP_COMPLETE carries Hangup-Cause twice, as the k1 capture shows; modesl's xml reader
    // (xml2js) turns the repeated element into a list.
    expect([complete.getHeader('Hangup-Cause')].flat()).toContain('NORMAL_CLEARING');
    expect(complete.getHeader('variable_sip_hangup_disposition')).toBe('recv_bye');
    connection.disconnect();
  });

  it('execute › a playback on a parked call completes with its CHANNEL_EXECUTE_COMPLETE', async () => {
    const connection = await connect();
    await subscribe(connection, 'json', 'CHANNEL_PARK');
    const parked = nextEvent(connection, 'CHANNEL_PARK');
    await bgapi(connection, 'originate sofia/gateway/carrier/1002 &park()');
    const uuid = (await parked).getHeader('Unique-ID')!;
    const complete = await new Promise<ModeslEvent>((resolve) => connection.execute('playback', 'tone_stream://%(500,0,440)', uuid, resolve));
    expect(complete.getHeader('Application')).toBe('playback');
    expect(complete.getHeader('Application-Response')).toBe('FILE PLAYED');
    connection.disconnect();
  });
});
