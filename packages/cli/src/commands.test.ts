import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, ValidationError } from '@ringpace/errors';
import {
  Campaign,
  CampaignProgress,
  CampaignState,
  ContactState,
  DialMode,
  FlowDocumentFormat,
  ImportStatus,
  RejectReason,
  type AddBlacklistEntriesRequest,
  type ContactImport,
  type FlowTraceStep,
  type RejectedRow,
  type SimulateFlowRequest,
  type StopCampaignRequest,
} from '@ringpace/proto';
import type { RingpaceClient } from './client.js';
import { CAMPAIGN_EXAMPLE as fullExample } from './campaign-example.js';
import { ExitCode } from './exit-codes.js';
import { run } from './run.js';
import { fakeClient, fakeFactory, memoryIo, type MemoryIoOptions } from './testing.js';

const CAMPAIGN_ID = '0b7c2f1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const campaign = Campaign.fromPartial({
  id: CAMPAIGN_ID,
  tenantId: 't-1',
  name: '十一月 reminder',
  state: CampaignState.DRAFT,
  defaultRegion: 'CN',
  timezone: 'Asia/Shanghai',
  dialMode: DialMode.NOTIFICATION,
  callerIds: ['+861012345678'],
  createdAt: new Date('2026-11-24T09:00:00Z'),
  schedule: { monday: { windows: [{ start: '09:00', end: '12:00' }] }, holidays: [{ date: '2026-12-25', name: 'Xmas' }] },
  retryPolicy: { maxAttemptsTotal: 3, busy: { retry: true, delayMinutes: 30, maxAttempts: 2 } },
});

/** A server stream delivering `messages`, one per tick. */
async function* stream<T>(...messages: T[]): AsyncGenerator<T> {
  for (const message of messages) {
    await Promise.resolve();
    yield message;
  }
}

async function exec(argv: string[], methods: Partial<RingpaceClient>, options: MemoryIoOptions = {}) {
  const io = memoryIo(options);
  const code = await run(argv, io, fakeFactory(fakeClient(methods)));
  return { code, out: io.out(), err: io.err(), io };
}

const importResult = (rejected: number, status = ImportStatus.COMPLETED): ContactImport => ({
  id: 'i-1',
  campaignId: CAMPAIGN_ID,
  listId: 'l-1',
  status,
  counts: { read: 10 + rejected, accepted: 10, rejected, rejectedByReason: rejected > 0 ? { REJECT_REASON_INVALID_NUMBER: rejected } : {} },
  committedRows: 10,
  error: '',
  createdAt: undefined,
  updatedAt: undefined,
});

const rejectedRows: RejectedRow[] = Array.from({ length: 5 }, (_, index) => ({ line: index + 2, reason: RejectReason.INVALID_NUMBER, rawMasked: `+8613****0${index}`, detail: 'not a possible number' }));

function pagedRejections(rows: RejectedRow[]): RingpaceClient['listImportRejections'] {
  return ({ pageSize, pageToken }) => {
    const start = pageToken === '' ? 0 : Number(pageToken);
    const end = Math.min(rows.length, start + pageSize);
    return Promise.resolve({ rows: rows.slice(start, end), nextPageToken: end < rows.length ? String(end) : '' });
  };
}

describe('--json › every command prints exactly one valid JSON document', () => {
  const progress = CampaignProgress.fromPartial({ campaignId: CAMPAIGN_ID, state: CampaignState.RUNNING, total: 10, pending: 4, confirmed: 6 });
  it.each<[string, string[], Partial<RingpaceClient>, string]>([
    ['tenants create', ['tenants', 'create', 'Acme'], { createTenant: () => Promise.resolve({ tenant: { id: 't-1', name: 'Acme', createdAt: new Date(0) } }) }, 'tenant'],
    ['keys create', ['keys', 'create', '--tenant', 't-1', '--name', 'crm'], { createApiKey: () => Promise.resolve({ apiKey: undefined, secret: 'rpk_x' }) }, 'secret'],
    ['campaigns create', ['campaigns', 'create', '-f', 'campaign.yaml'], { createCampaign: () => Promise.resolve({ campaign }) }, 'campaign'],
    ['campaigns list', ['campaigns', 'list'], { listCampaigns: () => Promise.resolve({ campaigns: [campaign], nextPageToken: '' }) }, 'campaigns'],
    ['campaigns get', ['campaigns', 'get', CAMPAIGN_ID], { getCampaign: () => Promise.resolve({ campaign }) }, 'campaign'],
    ['campaigns watch', ['campaigns', 'watch', CAMPAIGN_ID], { watchCampaign: () => stream({ progress }, { progress: { ...progress, pending: 0, confirmed: 10, state: CampaignState.COMPLETED } }) }, 'progress'],
    ['contacts list', ['contacts', 'list', '--campaign', CAMPAIGN_ID], { listContacts: () => Promise.resolve({ contacts: [], nextPageToken: '' }) }, 'contacts'],
    ['blacklist list', ['blacklist', 'list'], { listBlacklist: () => Promise.resolve({ entries: [], nextPageToken: '' }) }, 'entries'],
    ['holidays get', ['holidays', 'get'], { getTenantHolidays: () => Promise.resolve({ holidays: [{ date: '2026-10-01', name: 'National Day' }] }) }, 'holidays'],
    ['flows validate', ['flows', 'validate', 'flow.yaml'], { validateFlow: () => Promise.resolve({ valid: true, problems: [] }) }, 'valid'],
  ])('%s', async (_name, argv, methods, key) => {
    const { code, out } = await exec([...argv, '--json'], methods, { files: { 'campaign.yaml': fullExample, 'flow.yaml': 'nodes: []\n' }, tty: true });
    expect(code).toBe(ExitCode.Ok);
    const document = JSON.parse(out) as Record<string, unknown>;
    expect(document).toHaveProperty(key);
  });

  it('watch --json on a terminal draws no bar: stdout holds the last progress only', async () => {
    const progress = CampaignProgress.fromPartial({ campaignId: CAMPAIGN_ID, state: CampaignState.COMPLETED, total: 2, confirmed: 2, at: new Date('2026-11-24T10:00:00Z') });
    const { out } = await exec(['campaigns', 'watch', CAMPAIGN_ID, '--json'], { watchCampaign: () => stream({ progress }) }, { tty: true });
    expect(out).not.toContain('\r');
    expect(JSON.parse(out)).toEqual({ progress: { ...progress, at: '2026-11-24T10:00:00.000Z' } });
  });
});

describe('campaigns', () => {
  it('get › fields, schedule and retry policy, aligned', async () => {
    const { out } = await exec(['campaigns', 'get', CAMPAIGN_ID], { getCampaign: () => Promise.resolve({ campaign }) });
    // Values start in one column, after the longest label ("  answered not confirmed:").
    const column = '  answered not confirmed: '.length;
    for (const line of ['state: draft', 'name: 十一月 reminder', '  monday: 09:00-12:00', '  tuesday: —', '  holidays: 2026-12-25 (Xmas)', '  busy: after 30 min, at most 2 times', '  no answer: not retried']) {
      const [label, value] = [line.slice(0, line.indexOf(': ') + 1), line.slice(line.indexOf(': ') + 2)];
      expect(out).toContain(`\n${label.padEnd(column)}${value}\n`);
    }
  });

  it('list › a table whose columns line up under wide characters', async () => {
    const other = { ...campaign, id: 'short', name: 'ab', state: CampaignState.RUNNING };
    const { out } = await exec(['campaigns', 'list'], { listCampaigns: () => Promise.resolve({ campaigns: [campaign, other], nextPageToken: '' }) });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE\s+MODE\s+FLOW\s+CREATED$/);
    // "十一月 reminder" is 15 columns wide: the STATE column starts at the same place on every line.
    const stateColumn = (line: string, state: string) => [...line.slice(0, line.indexOf(state))].reduce((width, char) => width + (/[\u4e00-\u9fff]/.test(char) ? 2 : 1), 0);
    expect(stateColumn(lines[1]!, 'draft')).toBe(stateColumn(lines[2]!, 'running'));
  });

  it('list › walks pages up to --limit and says when more exist', async () => {
    const sizes: number[] = [];
    const { out, err } = await exec(['campaigns', 'list', '--limit', '3', '--state', 'running'], {
      listCampaigns: ({ pageSize, pageToken, state }) => {
        expect(state).toBe(CampaignState.RUNNING);
        sizes.push(pageSize);
        return Promise.resolve({ campaigns: Array.from({ length: Math.min(pageSize, 2) }, () => campaign), nextPageToken: `${pageToken}x` });
      },
    });
    expect(sizes).toEqual([3, 1]);
    expect(out.trimEnd().split('\n')).toHaveLength(4);
    expect(err).toContain('raise --limit');
  });

  it('start › a draft is prepared, then started', async () => {
    const calls: string[] = [];
    const { code, out } = await exec(['campaigns', 'start', CAMPAIGN_ID], {
      getCampaign: () => (calls.push('get'), Promise.resolve({ campaign })),
      prepareCampaign: () => (calls.push('prepare'), Promise.resolve({ campaign: { ...campaign, state: CampaignState.READY } })),
      startCampaign: () => (calls.push('start'), Promise.resolve({ campaign: { ...campaign, state: CampaignState.RUNNING } })),
    });
    expect(code).toBe(ExitCode.Ok);
    expect(calls).toEqual(['get', 'prepare', 'start']);
    expect(out).toMatch(/\nstate: +running\n/);
  });

  it('start › a paused campaign is not prepared; the server’s refusal is exit 5', async () => {
    const calls: string[] = [];
    const { code, err } = await exec(['campaigns', 'start', CAMPAIGN_ID], {
      getCampaign: () => (calls.push('get'), Promise.resolve({ campaign: { ...campaign, state: CampaignState.PAUSED } })),
      startCampaign: () => (calls.push('start'), Promise.reject(new FailedPreconditionError('campaign is PAUSED: resume it instead'))),
    });
    expect(calls).toEqual(['get', 'start']);
    expect(code).toBe(ExitCode.FailedPrecondition);
    expect(err).toBe('error: campaign is PAUSED: resume it instead\n');
  });

  it('stop --hang-up asks the server to hang up calls', async () => {
    const requests: StopCampaignRequest[] = [];
    await exec(['campaigns', 'stop', CAMPAIGN_ID, '--hang-up'], { stopCampaign: (request) => (requests.push(request), Promise.resolve({ campaign })) });
    await exec(['campaigns', 'stop', CAMPAIGN_ID], { stopCampaign: (request) => (requests.push(request), Promise.resolve({ campaign })) });
    expect(requests).toEqual([
      { id: CAMPAIGN_ID, hangUpCalls: true },
      { id: CAMPAIGN_ID, hangUpCalls: false },
    ]);
  });

  it('create › server violations are printed on the lines of campaign.yaml, exit 2', async () => {
    const { code, err } = await exec(['campaigns', 'create', '-f', 'campaign.yaml'], {
      createCampaign: () => Promise.reject(new ValidationError([{ field: 'schedule.tuesday.windows[1]', message: 'overlaps windows[0]' }, { field: 'retry_policy.machine.delay_minutes', message: 'must be at least 1 when retry is on' }])),
    }, { files: { 'campaign.yaml': fullExample } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toBe('error: campaign.yaml: invalid\n  campaign.yaml:12: schedule.weekdays[1]: overlaps windows[0]\n  campaign.yaml:30: retry_policy.machine.delay_minutes: must be at least 1 when retry is on\n');
  });

  it('create › local problems are reported before any call', async () => {
    const { code, err } = await exec(['campaigns', 'create', '-f', 'c.yaml'], {}, { files: { 'c.yaml': 'name: x\nschedule:\n  monday: ["09:00-25:00"]\n' } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('  c.yaml:3: schedule.monday[0]: "25:00" is not HH:MM (00:00–24:00)');
  });

  it('watch › on a terminal the bar is redrawn in place and ends with a summary', async () => {
    const base = CampaignProgress.fromPartial({ campaignId: CAMPAIGN_ID, state: CampaignState.RUNNING, total: 10, pending: 10 });
    const { out } = await exec(['campaigns', 'watch', CAMPAIGN_ID], {
      watchCampaign: () =>
        stream(
          { progress: base },
          { progress: { ...base, pending: 5, dialing: 1, confirmed: 3, refused: 1 } },
          { progress: { ...base, state: CampaignState.COMPLETED, pending: 0, confirmed: 7, refused: 1, invalid: 1, exhausted: 1, attempts: 14 } },
        ),
    }, { tty: true });
    const frames = out.split('\r').filter((frame) => frame !== '');
    expect(frames).toHaveLength(3);
    expect(frames[0]).toBe(`[------------------------------]   0%  confirmed 0  notified 0  refused 0  failed 0  pending 10  dialing 0  · running\x1b[K`);
    expect(frames[1]).toContain('[############------------------]  40%  confirmed 3');
    expect(frames[2]).toBe(
      `[##############################] 100%  confirmed 7  notified 0  refused 1  failed 2  pending 0  dialing 0  · completed\x1b[K\ncampaign completed: 10 contacts, confirmed 7  notified 0  refused 1  failed 2  pending 0  dialing 0, 14 attempts\n`,
    );
  });

  it('watch › off a terminal each update is one plain line', async () => {
    const at = new Date('2026-11-24T09:00:00Z');
    const { out } = await exec(['campaigns', 'watch', CAMPAIGN_ID, '--once'], {
      watchCampaign: async function* () {
        yield* stream({ progress: CampaignProgress.fromPartial({ state: CampaignState.RUNNING, total: 4, pending: 1, confirmed: 3, attempts: 5, at }) });
        throw new Error('--once must stop after the first update');
      },
    });
    expect(out).toBe('2026-11-24T09:00:00Z running done 3/4  confirmed 3  notified 0  refused 0  failed 0  pending 1  dialing 0  attempts 5\n');
  });
});

describe('contacts import', () => {
  const files = { 'debtors.csv': 'phone,name\n' + '13800138000,Li\n'.repeat(40_000) };

  it('sends a header naming the columns, then the file; prints summary and rejected rows; exit 7 when rows were rejected', async () => {
    let received = 0;
    const { code, out, err } = await exec(
      ['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID, '--phone', 'phone', '--name', 'name', '--field', 'amount=Amount Due', '--tz', 'zone', '--delimiter', 'tab', '--encoding', 'GB18030', '--import-id', 'i-1', '--show', '2'],
      {
        importContacts: async (header, chunks) => {
          expect(header).toEqual({
            campaignId: CAMPAIGN_ID,
            importId: 'i-1',
            format: 'IMPORT_FORMAT_CSV',
            encoding: 'TEXT_ENCODING_GB18030',
            delimiter: '\t',
            hasHeader: true,
            columns: { phone: 'phone', name: 'name', timezone: 'zone', fields: { amount: 'Amount Due' } },
            listName: 'debtors.csv',
            sheet: '',
            sizeBytes: files['debtors.csv'].length,
          });
          for await (const chunk of chunks) received += chunk.byteLength;
          return { import: importResult(5) };
        },
        listImportRejections: pagedRejections(rejectedRows),
      },
      { files },
    );
    expect(received).toBe(files['debtors.csv'].length);
    expect(code).toBe(ExitCode.ImportRejectedRows);
    expect(out).toMatch(/\nstatus: +completed\n/);
    expect(out).toMatch(/\nrejected: +5\n {2}invalid-number: 5\n/);
    expect(out).toContain('rejected rows (first 2 of 5):\nLINE  REASON          VALUE        DETAIL\n   2  invalid-number  +8613****00  not a possible number\n   3  invalid-number  +8613****01  not a possible number\n');
    expect(err).toContain('importing debtors.csv (585.9 KiB) as import i-1');
    expect(err).toContain('add --report FILE to write all 5 rejected rows as CSV');
    expect(out).not.toContain('\r');
  });

  it('--report writes every rejected row as CSV, paging through the report', async () => {
    const many = Array.from({ length: 1_203 }, (_, index) => ({ line: index + 2, reason: RejectReason.DUPLICATE_IN_FILE, rawMasked: '+8613****00', detail: index === 0 ? 'same as line 1, "first"' : '' }));
    const { code, io, err } = await exec(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID, '--report', 'rejected.csv', '--show', '0'], {
      importContacts: () => Promise.resolve({ import: importResult(many.length) }),
      listImportRejections: pagedRejections(many),
    }, { files });
    expect(code).toBe(ExitCode.ImportRejectedRows);
    const report = io.written.get('rejected.csv')!.split('\r\n');
    expect(report[0]).toBe('line,reason,value,detail');
    expect(report[1]).toBe('2,duplicate-in-file,+8613****00,"same as line 1, ""first"""');
    expect(report).toHaveLength(many.length + 2);
    expect(err).toContain('wrote 1203 rejected rows to rejected.csv');
  });

  it('no rejected rows is exit 0; an interrupted import says how to resume and exits 6; a failed one exits 2', async () => {
    const ok = await exec(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], { importContacts: () => Promise.resolve({ import: importResult(0) }) }, { files });
    expect(ok.code).toBe(ExitCode.Ok);
    const interrupted = await exec(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], { importContacts: () => Promise.resolve({ import: importResult(0, ImportStatus.INTERRUPTED) }) }, { files });
    expect(interrupted.code).toBe(ExitCode.Unavailable);
    expect(interrupted.err).toContain('resume with: --import-id i-1');
    const failed = await exec(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], { importContacts: () => Promise.resolve({ import: { ...importResult(0, ImportStatus.FAILED), error: 'no column "mobile"' } }) }, { files });
    expect(failed.code).toBe(ExitCode.InvalidArgument);
    expect(failed.out).toContain('error: no column "mobile"');
  });

  it('on a terminal a bar follows the bytes sent, chunk by chunk', async () => {
    const { out } = await exec(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], {
      importContacts: async (_header, chunks, options) => {
        let sent = 0;
        for await (const chunk of chunks) options.onSent?.((sent += chunk.byteLength));
        return { import: importResult(0) };
      },
    }, { files, tty: true });
    const frames = out.split('\n')[0]!.split('\r').filter((frame) => frame !== '');
    expect(frames[0]).toContain('[------------------------------]   0%  0 B / 585.9 KiB');
    expect(frames.some((frame) => frame.includes(' 43%  256.0 KiB / 585.9 KiB'))).toBe(true);
    expect(frames.at(-1)).toContain('[##############################] 100%  585.9 KiB / 585.9 KiB');
  });

  it('header violations name the option that sets the field', async () => {
    const { code, err } = await exec(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID, '--field', 'amount=x'], {
      importContacts: () => Promise.reject(new ValidationError([{ field: 'columns.phone', message: 'is required' }, { field: 'columns.fields.amount', message: 'no column "x"' }])),
    }, { files });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('error: invalid argument\n  --phone: is required\n  --field amount: no column "x"\n');
  });

  it('contacts list › state and query reach the server; rows show state words', async () => {
    const { out } = await exec(['contacts', 'list', '--campaign', CAMPAIGN_ID, '--state', 'refused', '--query', '1380'], {
      listContacts: (request) => {
        expect(request).toMatchObject({ campaignId: CAMPAIGN_ID, state: ContactState.REFUSED, query: '1380' });
        return Promise.resolve({ contacts: [{ id: 'x', campaignId: CAMPAIGN_ID, phone: '+8613800138000', name: 'Li', fields: {}, timezone: '', state: ContactState.REFUSED, attemptCount: 2, nextAttemptAt: undefined, sourceLine: 7 }], nextPageToken: '' });
      },
    });
    expect(out).toBe('PHONE           NAME  STATE    ATTEMPTS  NEXT ATTEMPT  LINE\n+8613800138000  Li    refused         2                   7\n');
  });
});

describe('flows', () => {
  const flowYaml = 'nodes:\n  - id: hello\n    say: "Hello {{name}}"\n    next: ask\n  - id: ask\n    collect: { digits: 1 }\n    next: nowhere\n';

  it('validate › problems are printed on the lines of the flow file, exit 2', async () => {
    const { code, out } = await exec(['flows', 'validate', 'flow.yaml', '--fields', 'name, amount'], {
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
    await exec(['flows', 'push', 'flows/reminder.yaml'], { createFlow: (request) => (names.push(request.name), Promise.resolve({ flow })) }, { files: { 'flows/reminder.yaml': flowYaml } });
    await exec(['flows', 'push', 'flows/reminder.yaml', '--name', 'other'], { createFlow: (request) => (names.push(request.name), Promise.resolve({ flow })) }, { files: { 'flows/reminder.yaml': flowYaml } });
    const { out } = await exec(['flows', 'push', 'flows/reminder.yaml', '--flow', 'f-1'], { pushFlowVersion: (request) => (names.push(request.flowId), Promise.resolve({ flow })) }, { files: { 'flows/reminder.yaml': flowYaml } });
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
    const { out } = await exec(['flows', 'simulate', 'flow.yaml', '--contact', 'name=Li', '--keys', '1, #'], { simulateFlow }, { files: { 'flow.yaml': flowYaml } });
    await exec(['flows', 'simulate', '--flow', 'f-1', '--version', '2', '--script', 'script.yaml', '--contact', 'name=Wang'], { simulateFlow }, {
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
    const { code, err } = await exec(['flows', 'simulate', '--flow', 'f-1', '--script', 's.yaml'], {}, { files: { 's.yaml': script } });
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

describe('blacklist and holidays', () => {
  it('add › numbers, reason, region and expiry reach the server', async () => {
    const requests: AddBlacklistEntriesRequest[] = [];
    const { out } = await exec(['blacklist', 'add', '+8613800138000', '13900139000', '--reason', 'asked', '--region', 'CN', '--expires', '2027-01-01'], {
      addBlacklistEntries: (request) => (requests.push(request), Promise.resolve({ added: 1, updated: 1 })),
    });
    expect(requests[0]).toEqual({
      defaultRegion: 'CN',
      entries: [
        { phone: '+8613800138000', reason: 'asked', expiresAt: new Date('2027-01-01T00:00:00Z'), createdAt: undefined },
        { phone: '13900139000', reason: 'asked', expiresAt: new Date('2027-01-01T00:00:00Z'), createdAt: undefined },
      ],
    });
    expect(out).toBe('added 1, updated 1\n');
  });

  it('import › batches of 1000; a server violation names the line of the file', async () => {
    const lines = ['# do not call', '', ...Array.from({ length: 1_500 }, (_, index) => `+86138${String(index).padStart(8, '0')}${index === 1_200 ? ',\tcomplained' : ''}`)];
    const batches: AddBlacklistEntriesRequest[] = [];
    const { code, err } = await exec(['blacklist', 'import', 'dnc.txt', '--reason', 'register'], {
      addBlacklistEntries: (request) => {
        batches.push(request);
        if (batches.length === 2) return Promise.reject(new ValidationError([{ field: 'entries[201].phone', message: 'is not a phone number' }]));
        return Promise.resolve({ added: request.entries.length, updated: 0 });
      },
    }, { files: { 'dnc.txt': lines.join('\n') } });
    expect(batches.map((batch) => batch.entries.length)).toEqual([1_000, 500]);
    expect(batches[1]!.entries[200]!.reason).toBe('complained');
    expect(batches[1]!.entries[201]!.reason).toBe('register');
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('the first 1000 entries were stored (added 1000, updated 0)');
    expect(err).toContain('  dnc.txt:1204: phone: is not a phone number');
  });

  it('holidays set › a bare list or a holidays: mapping; server problems on their lines', async () => {
    const setTenantHolidays: RingpaceClient['setTenantHolidays'] = (request) =>
      request.holidays.length === 2 ? Promise.resolve({ holidays: request.holidays }) : Promise.reject(new ValidationError([{ field: 'holidays[0].date', message: 'is in the past' }]));
    const ok = await exec(['holidays', 'set', 'h.yaml'], { setTenantHolidays }, { files: { 'h.yaml': '- 2026-10-01\n- date: 2026-10-02\n  name: National Day\n' } });
    expect(ok.out).toBe('DATE        NAME\n2026-10-01\n2026-10-02  National Day\n');
    const wrapped = await exec(['holidays', 'set', 'h.yaml'], { setTenantHolidays }, { files: { 'h.yaml': 'holidays:\n  - 1999-01-01\n' } });
    expect(wrapped.err).toContain('  h.yaml:2: holidays[0].date: is in the past');
    const bare = await exec(['holidays', 'set', 'h.yaml'], { setTenantHolidays }, { files: { 'h.yaml': '# list\n- 1999-01-01\n' } });
    expect(bare.err).toContain('  h.yaml:2: [0].date: is in the past');
    const local = await exec(['holidays', 'set', 'h.yaml'], {}, { files: { 'h.yaml': '- 2026-02-30x\n' } });
    expect(local.err).toContain('  h.yaml:1: [0]: "2026-02-30x" is not YYYY-MM-DD');
  });
});
