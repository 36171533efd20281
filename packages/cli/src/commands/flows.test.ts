import { describe, expect, it } from 'vitest';
import { FlowDocumentFormat, type FlowTraceStep, type SimulateFlowRequest } from '@ringpace/proto';
import type { RingpaceClient } from '../client.js';
import { ExitCode } from '../exit-codes.js';
import { runWith } from '../testing.js';

describe('flows', () => {
  const flowYaml = 'nodes:\n  - id: hello\n    say: "Hello {{name}}"\n    next: ask\n  - id: ask\n    collect: { digits: 1 }\n    next: nowhere\n';

  it('validate › problems are printed on the lines of the flow file, exit 2', async () => {
    const { code, out } = await runWith(['flows', 'validate', 'flow.yaml', '--fields', 'name, amount'], {
      validateFlow: (request) => {
        expect(request.contactFields).toEqual(['name', 'amount']);
        // Sent as written, so the server's line numbers point into the operator's file.
        expect(request.documentFormat).toBe(FlowDocumentFormat.YAML);
        expect(request.definitionJson).toBe(flowYaml);
        return Promise.resolve({
          valid: false,
          problems: [
            { path: 'nodes[1].next', message: 'unknown node "nowhere"' },
            { path: 'nodes[0].say', message: 'unknown field "say" (did you mean "verb"?) (line 3, column 5)' },
            { path: '', message: 'the definition has no hangup node' },
          ],
        });
      },
    }, { files: { 'flow.yaml': flowYaml } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(out).toBe('flow.yaml:7: nodes[1].next: unknown node "nowhere"\nflow.yaml:3: nodes[0].say: unknown field "say" (did you mean "verb"?)\nflow.yaml: the definition has no hangup node\n');
  });

  it('push › --name creates a flow, --flow adds a version; the default name is the file name', async () => {
    const names: string[] = [];
    const flow = { id: 'f-1', tenantId: 't', name: 'reminder', version: 2, definitionJson: '{}', createdAt: undefined };
    await runWith(['flows', 'push', 'flows/reminder.yaml'], { createFlow: (request) => (names.push(request.name), Promise.resolve({ flow })) }, { files: { 'flows/reminder.yaml': flowYaml } });
    await runWith(['flows', 'push', 'flows/reminder.yaml', '--name', 'other'], { createFlow: (request) => (names.push(request.name), Promise.resolve({ flow })) }, { files: { 'flows/reminder.yaml': flowYaml } });
    const { out } = await runWith(['flows', 'push', 'flows/reminder.yaml', '--flow', 'f-1'], { pushFlowVersion: (request) => (names.push(request.flowId), Promise.resolve({ flow })) }, { files: { 'flows/reminder.yaml': flowYaml } });
    expect(names).toEqual(['reminder', 'other', 'f-1']);
    expect(out).toContain('version: 2');
  });

  it('simulate › contact, keys and script reach the server; the trace prints as a table', async () => {
    const requests: SimulateFlowRequest[] = [];
    const simulateFlow: RingpaceClient['simulateFlow'] = (request) => {
      requests.push(request);
      const trace: FlowTraceStep[] = [
        { nodeId: 'hello', verb: 'say', detail: { text: 'Hello Li' } },
        { nodeId: 'ask', verb: 'collect', detail: { digits: '#' } },
      ];
      return Promise.resolve({ trace, result: 'confirmed', reason: 'completed', variables: { choice: '#' }, problems: [] });
    };
    const { out } = await runWith(['flows', 'simulate', 'flow.yaml', '--contact', 'name=Li', '--keys', '1, #'], { simulateFlow }, { files: { 'flow.yaml': flowYaml } });
    await runWith(['flows', 'simulate', '--flow', 'f-1', '--version', '2', '--script', 'script.yaml', '--contact', 'name=Wang'], { simulateFlow }, {
      files: {
        'script.yaml': [
          'contact:',
          '  phone: "+8613800000000"',
          '  name: Li Lei',
          '  amount: "120.50"',
          'callee:',
          '  - dtmf: "1"',
          '    after: 2s',
          '  - dtmf: "#"',
          '    after: 1500ms',
          '  - silence: true',
          '  - hangup: true',
          'webhooks:',
          '  lookup:',
          '    - status: 200',
          '      body: { account: { balance: 42.5 } }',
          '    - timeout: true',
          'maxSteps: 50',
          '',
        ].join('\n'),
      },
    });
    expect(requests[0]).toMatchObject({ source: { $case: 'definition', value: flowYaml }, contact: { name: 'Li' }, script: [{ step: { $case: 'dtmf', value: { digits: '1', afterMs: 0 } } }, { step: { $case: 'dtmf', value: { digits: '#', afterMs: 0 } } }] });
    expect(requests[1]).toEqual({
      source: { $case: 'flow', value: { id: 'f-1', version: 2 } },
      contact: { phone: '+8613800000000', name: 'Wang', amount: '120.50' },
      maxSteps: 50,
      script: [
        { step: { $case: 'dtmf', value: { digits: '1', afterMs: 2_000 } } },
        { step: { $case: 'dtmf', value: { digits: '#', afterMs: 1_500 } } },
        { step: { $case: 'silenceMs', value: 0 } },
        { step: { $case: 'hangup', value: true } },
        { step: { $case: 'webhookReply', value: { nodeId: 'lookup', status: 200, bodyJson: '{"account":{"balance":42.5}}' } } },
        { step: { $case: 'webhookReply', value: { nodeId: 'lookup', status: 0, bodyJson: '' } } },
      ],
    });
    expect(out).toBe('#  NODE   VERB     DETAIL\n1  hello  say      text=Hello Li\n2  ask    collect  digits=#\n\nresult:   confirmed\nended:    completed\n  choice: #\n');
  });

  it('simulate › script problems, and parts SimulateFlow cannot carry, are refused with their lines', async () => {
    const script = ['contact:', '  amount: 120.50', 'callee:', '  - dtmf: "x"', '  - { silence: true, hangup: true }', '  - dtmf: "1"', '    gap: 200ms', '  - dtmf: "2"', '    after: 2', 'transfers:', '  agent: []', ''].join('\n');
    const { code, err } = await runWith(['flows', 'simulate', '--flow', 'f-1', '--script', 's.yaml'], {}, { files: { 's.yaml': script } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toBe(
      [
        'error: s.yaml: invalid',
        '  s.yaml:10: transfers: is not carried by the SimulateFlow API; simulate it through the flow library instead',
        '  s.yaml:2: contact.amount: must be text: write it in quotes, or YAML reads it as the number 120.5',
        '  s.yaml:4: callee[0].dtmf: "x" is not 1 to 64 keys (0-9, *, #, A-D)',
        '  s.yaml:5: callee[1]: must hold exactly one of dtmf, silence, speak, hangup',
        '  s.yaml:7: callee[2].gap: is not carried by the SimulateFlow API; simulate it through the flow library instead',
        '  s.yaml:9: callee[3].after: must be a duration such as "2s" or "1500ms", not 2',
        '',
      ].join('\n'),
    );
  });
});

