import { describe, expect, it } from 'vitest';
import { simulateFlow, type SimulationScript } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

const flow = (extra: Record<string, unknown> = {}) =>
  assertValidFlow({
    start: 'lookup',
    nodes: {
      lookup: {
        verb: 'webhook',
        url: 'https://crm.example.com/ivr/balance',
        body: { account: '{account}', phone: '{phone}' },
        timeout: '2s',
        assign: { balance: 'account.balance', status: 'account.status' },
        next: 'route',
        onError: 'generic',
        ...extra,
      },
      route: { verb: 'branch', on: 'status', cases: { overdue: 'remind' }, default: 'thanks' },
      remind: { verb: 'say', text: 'Your balance of {balance} is overdue.', next: 'bye' },
      thanks: { verb: 'say', text: 'Your account is in order.', next: 'bye' },
      generic: { verb: 'say', text: 'Please check your account.', next: 'bye' },
      bye: { verb: 'hangup', result: 'completed' },
    },
  });
const contact = { phone: '+8613800000000', account: 'A-1001' };
const run = (webhooks: SimulationScript['webhooks'], extra?: Record<string, unknown>) => simulateFlow(flow(extra), { contact, ...(webhooks === undefined ? {} : { webhooks }) });
const path = (sim: Awaited<ReturnType<typeof run>>) => sim.trace.map((s) => s.nodeId).join(' ');

describe('webhook', () => {
  it('the reply fills variables and a branch uses them', async () => {
    const sim = await run({ lookup: [{ kind: 'reply', status: 200, body: { account: { balance: 42.5, status: 'overdue' } }, delayMs: 300 }] });
    expect(path(sim)).toBe('lookup route remind bye');
    expect(sim.trace[0]).toMatchObject({ set: { balance: '42.5', status: 'overdue' }, webhook: { method: 'POST', url: 'https://crm.example.com/ivr/balance', body: { account: 'A-1001', phone: '+8613800000000' }, status: 200 } });
    expect(sim.trace[2]?.text).toBe('Your balance of 42.5 is overdue.');
    expect(sim.variables).toEqual({ balance: '42.5', status: 'overdue' });
  });

  it('sends the rendered body and the deadline to the port', async () => {
    const sim = await run({}, { method: 'GET' });
    expect(sim.effects[0]).toEqual({
      effect: 'webhook',
      request: { nodeId: 'lookup', method: 'GET', url: 'https://crm.example.com/ivr/balance', body: { account: 'A-1001', phone: '+8613800000000' }, timeoutMs: 2_000 },
    });
  });

  it.each<[string, NonNullable<SimulationScript['webhooks']>, string]>([
    ['a timeout', { lookup: [{ kind: 'timeout' }] }, 'no reply within 2s'],
    ['a reply later than the deadline', { lookup: [{ kind: 'reply', body: {}, delayMs: 2_001 }] }, 'no reply within 2s'],
    ['a network error', { lookup: [{ kind: 'error', message: 'connection refused' }] }, 'connection refused'],
    ['an error status', { lookup: [{ kind: 'reply', status: 503, body: {} }] }, 'HTTP status 503'],
    ['a reply without an assigned field', { lookup: [{ kind: 'reply', body: { account: { balance: 1 } } }] }, 'the reply has no field account.status'],
    ['a reply that is not an object', { lookup: [{ kind: 'reply', body: 'ok' }] }, 'the reply has no field account.balance'],
    ['an oversized value', { lookup: [{ kind: 'reply', body: { account: { balance: 'x'.repeat(1_001), status: 'a' } } }] }, 'the reply field account.balance is longer than 1000 characters'],
    ['no scripted reply at all', {}, 'no scripted reply for webhook node "lookup"'],
  ])('%s goes to onError', async (_case, webhooks, error) => {
    const sim = await run(webhooks);
    expect(path(sim)).toBe('lookup generic bye');
    expect(sim.trace[0]).toMatchObject({ branch: 'onError', webhook: { error } });
    expect(sim.variables).toEqual({});
  });

  it('a timeout costs the whole deadline on the call', async () => {
    const sim = await run({ lookup: [{ kind: 'timeout' }] });
    expect(sim.trace[1]?.atMs).toBe(2_000);
  });

  it.each([
    [{ account: { balance: null, status: true } }, { balance: '', status: 'true' }],
    [{ account: { balance: [1, 2], status: { a: 1 } } }, { balance: '[1,2]', status: '{"a":1}' }],
  ])('turns reply values into text: %j', async (body, variables) => {
    const sim = await run({ lookup: [{ kind: 'reply', body }] });
    expect(sim.variables).toEqual(variables);
  });

  it('reads list items by index', async () => {
    const sim = await run({ lookup: [{ kind: 'reply', body: { account: { balance: 1, status: 'x' } } }] }, { assign: { first: 'items.0.id', status: 'account.status' } });
    expect(sim.trace[0]?.webhook?.error).toBe('the reply has no field items.0.id');
    const ok = await run({ lookup: [{ kind: 'reply', body: { items: [{ id: 7 }], account: { status: 'x' } } }] }, { assign: { first: 'items.0.id', status: 'account.status' } });
    expect(ok.variables).toEqual({ first: '7', status: 'x' });
  });
});
