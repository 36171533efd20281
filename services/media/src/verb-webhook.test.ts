import { MAX_REPLY_BYTES } from './port/verbs/webhook.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventName } from '@ringpace/esl';
import { CallOutcome } from '@ringpace/proto';
import { exactly, kindsIn, onlyPayload, startFlowHarness, type FlowHarness } from './flow-harness.js';

/** Answers after 1 s, never presses a key, never hangs up: the flow alone ends the call. */
const LISTENER = '+15550000004';
/** Answers after 1 s and hangs up 2 s later. */
const IMPATIENT = '+15550000005';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly atMs: number;
  /** When the client gave up on a request the server never answered. */
  abandonedAtMs?: number;
}

/** The tenant's system: a balance lookup by POST, a status lookup by GET, one that never answers, one that fails. */
const received: Received[] = [];
const unanswered: ServerResponse[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const entry: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: performance.now() };
    received.push(entry);
    const path = new URL(entry.url, 'http://local').pathname;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (path) {
      case '/ivr/balance':
        reply(200, { account: { balance: 42.5, status: 'overdue' }, owner: { name: 'Ana' } });
        break;
      case '/ivr/status':
        reply(200, { account: { balance: 0, status: 'paid' }, owner: { name: null } });
        break;
      case '/ivr/moved':
        res.writeHead(302, { location: '/ivr/balance' });
        res.end();
        break;
      case '/ivr/huge':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ account: { balance: 1, status: 'overdue' }, padding: 'x'.repeat(MAX_REPLY_BYTES) }));
        break;
      case '/ivr/slow':
        unanswered.push(res);
        res.on('close', () => {
          if (!res.writableEnded) entry.abandonedAtMs = performance.now();
        });
        break;
      default:
        reply(500, { error: 'down for maintenance' });
    }
  });
}

/** Look the account up, speak the balance, and end with a mark chosen by the account's status. */
function lookupFlow(url: string, method: 'GET' | 'POST', timeout: string): string {
  return `
format: 1
start: lookup
results: [balance_told, already_paid, lookup_failed]
nodes:
  lookup:
    verb: webhook
    url: ${url}
    method: ${method}
    body: { phone: "{phone}", greeting: "Dear {name}", amount: "{amount}" }
    timeout: ${timeout}
    assign: { balance: account.balance, status: account.status, owner: owner.name }
    next: tell
    onError: sorry
  tell:
    verb: say
    text: "Dear {name}, your balance is {balance}. {owner} will call you."
    next: route
  route:
    verb: branch
    on: status
    cases: { overdue: overdue, paid: paid }
    default: paid
  overdue:
    verb: hangup
    result: balance_told
  paid:
    verb: hangup
    result: already_paid
  sorry:
    verb: say
    text: Sorry, we could not look up your account.
    next: failed
  failed:
    verb: hangup
    result: lookup_failed
`;
}

let server: Server;
let h: FlowHarness;
beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await startFlowHarness({
    scenario: {
      gateways: [{ name: 'carrier', proxy: 'sip.carrier.example:5060' }],
      callees: [
        { match: exactly(LISTENER), behaviour: 'answer', ringMs: 1000 },
        { match: exactly(IMPATIENT), behaviour: 'answer', ringMs: 1000, hangupAfterMs: 2000 },
      ],
    },
    flows: {
      post: lookupFlow(`${base}/ivr/balance?campaign=spring`, 'POST', '2s'),
      get: lookupFlow(`${base}/ivr/status?campaign=spring`, 'GET', '2s'),
      slow: lookupFlow(`${base}/ivr/slow`, 'POST', '300ms'),
      'slow-patient': lookupFlow(`${base}/ivr/slow`, 'POST', '10s'),
      broken: lookupFlow(`${base}/ivr/broken`, 'POST', '2s'),
      moved: lookupFlow(`${base}/ivr/moved`, 'POST', '2s'),
      huge: lookupFlow(`${base}/ivr/huge`, 'POST', '2s'),
    },
  });
});
afterAll(async () => {
  await h?.close();
  for (const res of unanswered) res.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  received.length = 0;
});

/** What the callee heard: the text of each speak the switch ran on the channel. */
function spoken(uuid: string): string[] {
  return h
    .switchEventsOf(uuid)
    .filter((event) => event.name === EventName.ChannelExecute && event.headers.get('Application') === 'speak')
    .map((event) => (event.headers.get('Application-Data') ?? '').split('|').slice(2).join('|'));
}

describe('webhook verb', () => {
  it('webhook › a POST sends the rendered body as JSON, and its reply fills the variables a later say and branch use', async () => {
    const attemptId = await h.call('post', { destination: LISTENER });
    const events = await h.ended(attemptId);

    expect(received).toHaveLength(1);
    const request = received[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/ivr/balance?campaign=spring');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ phone: LISTENER, greeting: 'Dear Li', amount: '42' });

    expect(spoken(attemptId)).toEqual(['Dear Li, your balance is 42.5. Ana will call you.']);
    expect(kindsIn(events).filter((kind) => kind !== 'callRinging')).toEqual(['callOriginated', 'callAnswered', 'callFlowResult', 'callHangup']);
    expect(onlyPayload(events, 'callFlowResult')).toMatchObject({ result: 'balance_told', variables: { balance: '42.5', status: 'overdue', owner: 'Ana' } });
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
  });

  it('webhook › a GET sends the rendered values as query parameters next to the URL\'s own, with no body', async () => {
    const attemptId = await h.call('get', { destination: LISTENER, contactFields: { name: 'Zoë & Co', amount: '7' } });
    const events = await h.ended(attemptId);

    expect(received).toHaveLength(1);
    const request = received[0]!;
    expect(request.method).toBe('GET');
    expect(request.body).toBe('');
    expect(request.headers['content-type']).toBeUndefined();
    const url = new URL(request.url, 'http://local');
    expect(url.pathname).toBe('/ivr/status');
    expect(Object.fromEntries(url.searchParams)).toEqual({ campaign: 'spring', phone: LISTENER, greeting: 'Dear Zoë & Co', amount: '7' });

    // A number becomes its text and null becomes empty; the branch routes on the reply's status.
    expect(onlyPayload(events, 'callFlowResult')).toMatchObject({ result: 'already_paid', variables: { balance: '0', status: 'paid', owner: '' } });
    expect(spoken(attemptId)).toEqual(['Dear Zoë & Co, your balance is 0.  will call you.']);
  });

  it('webhook › a server that never answers ends the webhook as a timeout at its deadline, and the flow takes onError', async () => {
    const attemptId = await h.call('slow', { destination: LISTENER });
    const events = await h.ended(attemptId);

    expect(received).toHaveLength(1);
    const request = received[0]!;
    // The service gave up on the request (the server never answered), and not before the 300 ms deadline.
    await h.waitFor('the abandoned request to close', () => request.abandonedAtMs !== undefined, 2_000);
    expect(request.abandonedAtMs! - request.atMs).toBeGreaterThanOrEqual(250);
    expect(spoken(attemptId)).toEqual(['Sorry, we could not look up your account.']);
    const flowResult = onlyPayload(events, 'callFlowResult');
    expect(flowResult.result).toBe('lookup_failed');
    expect(flowResult.variables).toEqual({});
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
  });

  it('webhook › a reply with a 5xx status takes onError and assigns nothing', async () => {
    const attemptId = await h.call('broken', { destination: LISTENER });
    const events = await h.ended(attemptId);

    expect(received.map((request) => request.url)).toEqual(['/ivr/broken']);
    expect(onlyPayload(events, 'callFlowResult')).toMatchObject({ result: 'lookup_failed', variables: {} });
    expect(spoken(attemptId)).toEqual(['Sorry, we could not look up your account.']);
  });

  it('webhook › a redirect is not followed: the flow takes onError and the other URL is never asked', async () => {
    const attemptId = await h.call('moved', { destination: LISTENER });
    const events = await h.ended(attemptId);

    expect(received.map((request) => request.url)).toEqual(['/ivr/moved']);
    expect(onlyPayload(events, 'callFlowResult')).toMatchObject({ result: 'lookup_failed', variables: {} });
  });

  it('webhook › a reply larger than the limit takes onError and assigns nothing', async () => {
    const attemptId = await h.call('huge', { destination: LISTENER });
    const events = await h.ended(attemptId);

    expect(onlyPayload(events, 'callFlowResult')).toMatchObject({ result: 'lookup_failed', variables: {} });
  });

  it('webhook › a callee who hangs up while the webhook waits abandons the request, and the call ends without a result', async () => {
    const attemptId = await h.call('slow-patient', { destination: IMPATIENT });
    const events = await h.ended(attemptId);

    expect(received).toHaveLength(1);
    // Well within the webhook's 10 s deadline: the hang-up, not the timeout, cut the request.
    await h.waitFor('the abandoned request to close', () => received[0]!.abandonedAtMs !== undefined, 5_000);
    expect(spoken(attemptId)).toEqual([]);
    expect(kindsIn(events)).not.toContain('callFlowResult');
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
  });
});
