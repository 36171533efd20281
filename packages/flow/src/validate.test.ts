import { ValidationError } from '@ringpace/errors';
import { describe, expect, it } from 'vitest';
import { assertValidFlow, validateFlow } from './validate.js';
import { validateFlowText } from './validate-text.js';

type Doc = Record<string, unknown> & { nodes: Record<string, Record<string, unknown>> };

/** A valid notice: every broken document below is this one with one thing wrong. */
const notice = (): Doc => ({
  start: 'greet',
  nodes: {
    greet: { verb: 'say', text: 'Dear {name}, your bill of {amount} is due', next: 'ask' },
    ask: { verb: 'collect', prompt: { say: 'Press # to confirm' }, next: { digits: { '#': 'yes' }, noInput: 'no' } },
    yes: { verb: 'hangup', result: 'confirmed' },
    no: { verb: 'hangup', result: 'no_response' },
  },
});
const contactFields = ['amount'];
const node = (doc: Doc, id: string): Record<string, unknown> => doc.nodes[id] ?? {};
/** A webhook that retries itself on error, without bound. */
const retryingHook = (doc: Doc) => {
  doc.nodes['hook'] = { verb: 'webhook', url: 'https://crm.example.com/', next: 'yes', onError: 'hook' };
  (doc.nodes['ask']?.['next'] as { digits: Record<string, string> }).digits['2'] = 'hook';
};
const askNext = (doc: Doc) => node(doc, 'ask')['next'] as { digits: Record<string, string>; noInput: string };

describe('validateFlow', () => {
  it('accepts the notice and fills defaults, durations in milliseconds', () => {
    const result = validateFlow(notice(), { contactFields });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.flow.start).toBe('greet');
    expect(result.flow.nodes.get('ask')).toMatchObject({ id: 'ask', verb: 'collect', minDigits: 1, maxDigits: 1, tries: 3, terminators: '', timeoutMs: 5_000, interDigitTimeoutMs: 3_000 });
  });

  it.each<[string, (doc: Doc) => unknown, string, string, string]>([
    ['a missing field', (d) => delete node(d, 'greet')['next'], 'nodes.greet.next', 'schema', 'is required'],
    ['a field of the wrong type', (d) => (node(d, 'ask')['maxDigits'] = 'two'), 'nodes.ask.maxDigits', 'schema', 'must be a number, not "two"'],
    ['an unknown field', (d) => (node(d, 'greet')['voise'] = 'anna'), 'nodes.greet.voise', 'schema', 'unknown field "voise" (did you mean "voice"?)'],
    ['an unknown verb', (d) => (node(d, 'greet')['verb'] = 'plya'), 'nodes.greet.verb', 'schema', '"plya" is not a verb (did you mean "play"?)'],
    ['an unknown top-level field', (d) => (d['colour'] = 'red'), 'colour', 'schema', 'unknown field "colour"'],
    ['a bad node id', (d) => ((d.nodes['1st'] = { verb: 'say', text: 'Hello', next: 'greet' }), (d['start'] = '1st')), 'nodes["1st"]', 'schema', 'is not a node id'],
    ['no start', (d) => delete d['start'], 'start', 'missing_start', 'is required'],
    ['a start that names no node', (d) => (d['start'] = 'gret'), 'start', 'unknown_target', 'unknown node "gret" (did you mean "greet"?)'],
    ['an edge to no node', (d) => (askNext(d).digits['1'] = 'yess'), 'nodes.ask.next.digits["1"]', 'unknown_target', 'unknown node "yess" (did you mean "yes"?)'],
    ['a node nothing reaches', (d) => (d.nodes['orphan'] = { verb: 'hangup', result: 'completed' }), 'nodes.orphan', 'unreachable', 'never reached from start "greet"'],
    ['a loop without a bound', (d) => ((askNext(d).noInput = 'greet'), delete d.nodes['no']), 'nodes.greet', 'unbounded_loop', 'loop without a bound: greet → ask → greet'],
    ['a malformed template', (d) => (node(d, 'greet')['text'] = 'Dear {name'), 'nodes.greet.text', 'template', '"{" is not closed'],
    ['a template field contacts do not have', (d) => (node(d, 'greet')['text'] = 'You owe {amout}'), 'nodes.greet.text', 'unknown_field', '{amout}: "amout" is not a contact field, a built-in field (phone, name) or a variable the flow sets (did you mean "amount"?)'],
    ['an undeclared result', (d) => (node(d, 'yes')['result'] = 'paid'), 'nodes.yes.result', 'unknown_result', '"paid" is not a result'],
    ['a result that is not a name', (d) => (node(d, 'yes')['result'] = 'Paid Online'), 'nodes.yes.result', 'schema', 'a result is lower case'],
    ['a webhook URL that is not http(s)', (d) => ((d.nodes['hook'] = { verb: 'webhook', url: 'ftp://crm.example.com/x', next: 'ask', onError: 'ask' }), (node(d, 'greet')['next'] = 'hook')), 'nodes.hook.url', 'bad_url', 'must be an http or https URL, not ftp'],
    ['a webhook URL with a password', (d) => ((d.nodes['hook'] = { verb: 'webhook', url: 'https://u:p@crm.example.com/', next: 'ask', onError: 'ask' }), (node(d, 'greet')['next'] = 'hook')), 'nodes.hook.url', 'bad_url', 'must not carry a user name or password'],
    ['a timeout without a unit', (d) => (node(d, 'ask')['timeout'] = 5), 'nodes.ask.timeout', 'duration', 'must have a unit: write "5s" or "5ms", not 5'],
    ['a timeout out of range', (d) => (node(d, 'ask')['timeout'] = '90s'), 'nodes.ask.timeout', 'duration', 'must be between 1s and 60s, got 90s'],
    ['a file path with ".."', (d) => (d.nodes['greet'] = { verb: 'play', file: 'prompts/../../other-tenant/bill.wav', next: 'ask' }), 'nodes.greet.file', 'bad_path', 'must not contain ".."'],
    ['an absolute file path', (d) => (d.nodes['greet'] = { verb: 'play', file: '/etc/passwd', next: 'ask' }), 'nodes.greet.file', 'bad_path', 'not absolute'],
    ['a key that is also a terminator', (d) => (node(d, 'ask')['terminators'] = '#'), 'nodes.ask.next.digits["#"]', 'dead_key', '"#" is a terminator here'],
    ['an entry longer than maxDigits', (d) => (askNext(d).digits = { '#': 'yes', '12': 'no' }), 'nodes.ask.next.digits["12"]', 'dead_key', 'has 2 keys but maxDigits is 1'],
    ['an entry the valid pattern refuses', (d) => (node(d, 'ask')['valid'] = '[0-9]'), 'nodes.ask.next.digits["#"]', 'dead_key', 'does not match valid'],
    ['minDigits above maxDigits', (d) => (node(d, 'ask')['minDigits'] = 2), 'nodes.ask.minDigits', 'schema', 'minDigits (2) is more than maxDigits (1)'],
    ['a valid pattern that does not compile', (d) => (node(d, 'ask')['valid'] = '[0-9'), 'nodes.ask.valid', 'schema', 'is not a valid regular expression'],
    ['a valid pattern that could backtrack for ever', (d) => (node(d, 'ask')['valid'] = '(1|2)+#'), 'nodes.ask.valid', 'schema', 'must not repeat a group'],
    ['maxVisits without onMaxVisits', (d) => (node(d, 'greet')['maxVisits'] = 3), 'nodes.greet.onMaxVisits', 'schema', 'is required with maxVisits'],
    ['a transfer number that is not E.164', (d) => ((d.nodes['agent'] = { verb: 'transfer', to: { number: '13800000000' }, onFail: 'no' }), (askNext(d).digits['0'] = 'agent')), 'nodes.agent.to.number', 'schema', 'is not an E.164 number'],
    ['a prompt with two sources', (d) => (node(d, 'ask')['prompt'] = { say: 'hi', play: 'hi.wav' }), 'nodes.ask.prompt', 'schema', 'exactly one of say, play or tone'],
    ['a branch on a field nobody has', (d) => ((d.nodes['route'] = { verb: 'branch', on: 'segment', cases: { vip: 'yes' }, default: 'ask' }), (node(d, 'greet')['next'] = 'route')), 'nodes.route.on', 'unknown_field', '"segment" is not a contact field'],
  ])('reports %s', (_kind, breakIt, path, code, message) => {
    const doc = notice();
    breakIt(doc);
    const result = validateFlow(doc, { contactFields });
    expect(result.ok ? [] : result.problems).toEqual([{ path, code, message: expect.stringContaining(message) as string }]);
  });

  it('reports two nodes with one id in a list of nodes', () => {
    const doc = { start: 'a', nodes: [{ id: 'a', verb: 'say', text: 'hi', next: 'b' }, { id: 'b', verb: 'hangup', result: 'completed' }, { id: 'a', verb: 'hangup', result: 'refused' }] };
    const result = validateFlow(doc);
    expect(result.ok ? [] : result.problems).toEqual([{ path: 'nodes[2].id', code: 'duplicate_id', message: 'duplicate node id "a": nodes[0] has it too' }]);
  });

  it.each([
    [[], 'a flow document is a mapping with start and nodes'],
    ['start: a', 'a flow document is a mapping with start and nodes'],
    [{ start: 'a', nodes: {} }, 'must have at least one node'],
    [{ start: 'a', nodes: 'a' }, 'must be a mapping of node ids to nodes'],
  ])('refuses %j as a document', (doc, message) => {
    const result = validateFlow(doc);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toContainEqual(expect.stringContaining(message));
  });

  it('never stops at the first problem: a document with many problems gets all of them, each at its path', () => {
    const doc = {
      start: 'greet',
      results: ['paid_online'],
      nodes: {
        greet: { verb: 'say', text: 'Dear {nmae}, pay {amount}', next: 'ask', colour: 'red' },
        ask: {
          verb: 'collect',
          timeout: 5,
          terminators: '#',
          next: { digits: { '#': 'paid', '1': 'greet', '9': 'nowhere' }, noInput: 'greet' },
        },
        paid: { verb: 'hangup', result: 'paid_offline' },
        lookup: { verb: 'webhook', url: 'file:///etc/passwd', next: 'paid', onError: 'paid' },
        jingle: { verb: 'play', file: '../x.wav', next: 'paid' },
      },
    };
    const result = validateFlow(doc, { contactFields });
    expect(result.ok).toBe(false);
    const found = result.ok ? [] : result.problems.map((p) => `${p.code} ${p.path}`);
    expect(found.sort()).toEqual(
      [
        'schema nodes.greet.colour',
        'duration nodes.ask.timeout',
        'unknown_field nodes.greet.text',
        'unknown_result nodes.paid.result',
        'bad_url nodes.lookup.url',
        'bad_path nodes.jingle.file',
        // Nodes with a broken field still get their other checks, and take part in the graph checks:
        'dead_key nodes.ask.next.digits["#"]',
        'unknown_target nodes.ask.next.digits["9"]',
        'unreachable nodes.lookup',
        'unreachable nodes.jingle',
        'unbounded_loop nodes.greet',
      ].sort(),
    );
  });

  it('accepts a list of nodes with ids, the same as a mapping', () => {
    const doc = { start: 'a', nodes: [{ id: 'a', verb: 'say', text: 'hi', next: 'b' }, { id: 'b', verb: 'hangup', result: 'completed' }] };
    expect(validateFlow(doc)).toMatchObject({ ok: true });
  });

  it('refuses an id inside a mapping node that differs from its key', () => {
    const doc = notice();
    node(doc, 'yes')['id'] = 'confirmed';
    const result = validateFlow(doc, { contactFields });
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['nodes.yes.id']);
  });

  it('without contactFields, templates are checked for syntax only', () => {
    const doc = notice();
    node(doc, 'greet')['text'] = 'Dear {anything}';
    expect(validateFlow(doc).ok).toBe(true);
    node(doc, 'greet')['text'] = 'Dear {anything';
    expect(validateFlow(doc).ok).toBe(false);
  });

  it('built-in fields and variables the flow sets may appear in templates', () => {
    const doc = notice();
    node(doc, 'greet')['text'] = '{name} at {phone}: your answer was {answer}, your balance {balance}';
    node(doc, 'ask')['into'] = 'answer';
    doc.nodes['lookup'] = { verb: 'webhook', url: 'https://crm.example.com/balance', assign: { balance: 'account.balance' }, next: 'greet', onError: 'greet', maxVisits: 1, onMaxVisits: 'no' };
    doc['start'] = 'lookup';
    expect(validateFlow(doc, { contactFields: [] })).toMatchObject({ ok: true });
  });

  it('a declared custom result is accepted', () => {
    const doc = notice();
    node(doc, 'yes')['result'] = 'paid_online';
    doc['results'] = ['paid_online'];
    expect(validateFlow(doc, { contactFields }).ok).toBe(true);
  });

  it.each<[string, (doc: Doc) => void, boolean]>([
    [
      'a loop through a node with maxVisits',
      (d) => {
        Object.assign(node(d, 'greet'), { maxVisits: 3, onMaxVisits: 'no' });
        askNext(d).digits['1'] = 'greet';
      },
      true,
    ],
    ['a loop through no node with maxVisits', (d) => void (askNext(d).digits['1'] = 'greet'), false],
    ['a collect that re-enters itself (its tries do not bound re-entry)', (d) => void (askNext(d).digits['1'] = 'ask'), false],
    [
      'a collect that re-enters itself with maxVisits',
      (d) => {
        Object.assign(node(d, 'ask'), { maxVisits: 2, onMaxVisits: 'no' });
        askNext(d).digits['1'] = 'ask';
      },
      true,
    ],
    [
      'a loop whose only bound sends it back into the loop',
      (d) => {
        Object.assign(node(d, 'greet'), { maxVisits: 3, onMaxVisits: 'ask' });
        askNext(d).digits['1'] = 'greet';
      },
      false,
    ],
    [
      'two loops, one bounded and one not',
      (d) => {
        d.nodes['hook'] = { verb: 'webhook', url: 'https://crm.example.com/', next: 'yes', onError: 'hook' };
        askNext(d).digits['2'] = 'hook';
        Object.assign(node(d, 'greet'), { maxVisits: 3, onMaxVisits: 'no' });
        askNext(d).digits['1'] = 'greet';
      },
      false,
    ],
  ])('loops › %s: valid %s', (_kind, change, valid) => {
    const doc = notice();
    change(doc);
    const result = validateFlow(doc, { contactFields });
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(valid ? [] : ['unbounded_loop']);
  });

  it('loops › the problem names the cycle from its first node in the document', () => {
    const doc = notice();
    retryingHook(doc);
    const result = validateFlow(doc, { contactFields });
    expect(result.ok ? [] : result.problems).toEqual([{ path: 'nodes.hook', code: 'unbounded_loop', message: 'loop without a bound: hook → hook; give one of its nodes maxVisits and onMaxVisits' }]);
  });

  it('a missing next does not also report every node after it as unreachable', () => {
    const doc = notice();
    delete node(doc, 'greet')['next'];
    const result = validateFlow(doc, { contactFields });
    expect(result.ok ? [] : result.problems.map((p) => `${p.code} ${p.path}`)).toEqual(['schema nodes.greet.next']);
  });

  it('assertValidFlow › throws a ValidationError with one violation per problem', () => {
    const doc = notice();
    delete doc['start'];
    node(doc, 'ask')['timeout'] = '5';
    expect(() => assertValidFlow(doc)).toThrow(ValidationError);
    try {
      assertValidFlow(doc);
    } catch (error) {
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['start', 'nodes.ask.timeout']);
    }
  });
});

describe('validateFlowText', () => {
  it('gives each problem the line and column of the source', () => {
    const text = ['start: greet', 'nodes:', '  greet:', '    verb: say', '    text: Dear {name}', '    next: ask', '  ask:', '    verb: collect', '    timeout: 5', '    next:', '      digits:', '        "#": yes', '      noInput: gone', '  yes:', '    verb: hangup', '    result: confirmed'].join('\n');
    const result = validateFlowText(text);
    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'nodes.ask.timeout', code: 'duration', message: expect.stringContaining('must have a unit') as string, line: 9, column: 14 },
      { path: 'nodes.ask.next.noInput', code: 'unknown_target', message: 'unknown node "gone"', line: 13, column: 16 },
    ]);
  });

  it('passes syntax problems through', () => {
    expect(validateFlowText('{"start": }')).toMatchObject({ ok: false, problems: [{ code: 'syntax', line: 1, column: 11 }] });
  });
});
