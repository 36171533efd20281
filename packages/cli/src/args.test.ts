import { describe, expect, it } from 'vitest';
import { parseCommandArgs, splitCommandWords, type CommandSpec } from './args.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { run } from './run.js';
import { fakeClient, fakeFactory, memoryIo } from './testing.js';

const spec: CommandSpec = {
  name: 'things make',
  summary: 'makes things',
  synopsis: 'ID',
  positionals: { min: 1, max: 1 },
  options: { count: { type: 'string', help: 'how many' }, field: { type: 'string', multiple: true, help: 'k=v' }, dry: { type: 'boolean', help: 'dry run' } },
};

describe('args', () => {
  it.each([
    [['campaigns', 'list'], ['campaigns', 'list'], []],
    [['--json', 'campaigns', 'list'], ['campaigns', 'list'], ['--json']],
    [['--address', 'h:1', 'campaigns', 'get', 'x'], ['campaigns', 'get'], ['--address', 'h:1', 'x']],
    [['--address=h:1', 'campaigns', 'get', 'x', '--json'], ['campaigns', 'get'], ['--address=h:1', 'x', '--json']],
    [['campaigns', '--timeout', '5', 'list'], ['campaigns', 'list'], ['--timeout', '5']],
  ])('splitCommandWords › %j → words %j, rest %j', (argv, words, rest) => {
    expect(splitCommandWords(argv)).toEqual({ words, rest });
  });

  it('parseCommandArgs › options, repeated options, flags and positionals', () => {
    const args = parseCommandArgs(spec, ['abc', '--count', '3', '--field', 'a=1', '--field', 'b=x=y', '--dry', '--json']);
    expect(args.positional(0)).toBe('abc');
    expect(args.integer('count', 0, 10)).toBe(3);
    expect(args.pairs('field')).toEqual({ a: '1', b: 'x=y' });
    expect(args.flag('dry')).toBe(true);
    expect(args.flag('json')).toBe(true);
  });

  it.each([
    [['abc', '--nope'], /Unknown option '--nope'/],
    [[], /missing ID/],
    [['a', 'b'], /unexpected argument "b"/],
    [['abc', '--count'], /argument missing/],
  ])('parseCommandArgs › %j is a usage error (%s)', (argv, message) => {
    expect(() => parseCommandArgs(spec, argv)).toThrow(UsageError);
    expect(() => parseCommandArgs(spec, argv)).toThrow(message);
  });

  it.each([
    [['abc', '--count', 'x'], /--count must be a whole number between 0 and 10/],
    [['abc', '--count', '11'], /between 0 and 10/],
    [['abc', '--count', '1.5'], /whole number/],
    [['abc', '--field', 'novalue'], /--field takes KEY=VALUE/],
  ])('typed accessors › %j is a usage error (%s)', (argv, message) => {
    const args = parseCommandArgs(spec, argv);
    expect(() => {
      args.integer('count', 0, 10);
      args.pairs('field');
    }).toThrow(message);
  });
});

describe('run › usage errors exit 1 and never connect', () => {
  it.each([
    [['nope'], /unknown command "nope"/],
    [['campaign', 'list'], /did you mean "campaigns"/],
    [['campaigns', 'lst'], /unknown campaigns command "lst" \(did you mean "list"\?\)/],
    [['campaigns', 'get'], /missing ID/],
    [['campaigns', 'get', 'a', 'b'], /unexpected argument "b"/],
    [['campaigns', 'create'], /--file is required/],
    [['campaigns', 'list', '--state', 'sleeping'], /--state must be one of draft, ready, running, paused, stopped, completed/],
    [['campaigns', 'list', '--limit', '0'], /--limit must be a whole number/],
    [['campaigns', 'watch', 'x', '--interval', '50'], /--interval must be a whole number between 200 and 60000/],
    [['campaigns', 'list', '--timeout', 'soon'], /--timeout must be a whole number/],
    [['keys', 'create', '--tenant', 't'], /--name is required/],
    [['contacts', 'import', 'a.csv'], /--campaign is required/],
    [['contacts', 'import', 'a.dat', '--campaign', 'c'], /cannot tell the format of "a.dat"/],
    [['contacts', 'import', 'a.csv', '--campaign', 'c', '--encoding', 'latin1'], /--encoding must be one of/],
    [['contacts', 'import', 'a.csv', '--campaign', 'c', '--delimiter', '::'], /--delimiter must be one character/],
    [['contacts', 'import', 'a.csv', '--campaign', 'c', '--field', 'amount'], /--field takes KEY=VALUE/],
    [['contacts', 'list', '--campaign', 'c', '--state', 'happy'], /--state must be one of pending, dialing/],
    [['flows', 'push', 'f.yaml', '--name', 'n', '--flow', 'id'], /not both/],
    [['flows', 'simulate'], /give a flow FILE or --flow ID/],
    [['flows', 'simulate', 'f.yaml', '--flow', 'id'], /give a flow FILE or --flow ID/],
    [['flows', 'simulate', '--flow', 'id', '--keys', '1 x'], /--keys: "x" is not 1 to 64 keys/],
    [['blacklist', 'add'], /missing NUMBER/],
    [['blacklist', 'add', '+8613800138000', '--expires', 'tomorrow'], /--expires must be YYYY-MM-DD/],
  ])('%j → %s', async (argv, message) => {
    const io = memoryIo({ files: { 'a.csv': 'phone\n', 'a.dat': 'x', 'f.yaml': 'nodes: []\n' } });
    const factory = fakeFactory(fakeClient({}));
    const code = await run(argv, io, factory);
    expect(code).toBe(ExitCode.Usage);
    expect(io.err()).toMatch(message);
    expect(io.err()).toMatch(/Run "ringpace .*--help" for usage\./);
    expect(io.out()).toBe('');
    expect(factory.calls).toEqual([]);
  });

  it('no command prints the overview on stderr and exits 1; --help prints it on stdout and exits 0', async () => {
    const bare = memoryIo();
    expect(await run([], bare, fakeFactory(fakeClient({})))).toBe(ExitCode.Usage);
    expect(bare.err()).toContain('Usage: ringpace GROUP COMMAND');
    const help = memoryIo();
    expect(await run(['--help'], help, fakeFactory(fakeClient({})))).toBe(ExitCode.Ok);
    expect(help.out()).toContain('campaigns watch ID');
    expect(help.out()).toContain('7 import finished with rejected rows');
  });

  it.each([
    [['campaigns', 'create', '--help']],
    [['help', 'campaigns', 'create']],
    [['campaigns', 'create', '-h']],
  ])('%j shows the command help on stdout', async (argv) => {
    const io = memoryIo();
    expect(await run(argv, io, fakeFactory(fakeClient({})))).toBe(ExitCode.Ok);
    expect(io.out()).toContain('Usage: ringpace campaigns create [options]');
    expect(io.out()).toContain('-f, --file FILE');
  });

  it('a group alone lists its commands', async () => {
    const io = memoryIo();
    expect(await run(['campaigns', '--help'], io, fakeFactory(fakeClient({})))).toBe(ExitCode.Ok);
    expect(io.out()).toContain('campaigns start ID');
  });
});

describe('run › connection settings', () => {
  const tenant = { id: 't1', name: 'n', createdAt: undefined };

  it('flags win over the environment; defaults apply when neither is set', async () => {
    const factory = fakeFactory(fakeClient({ listCampaigns: () => Promise.resolve({ campaigns: [], nextPageToken: '' }) }));
    await run(['campaigns', 'list'], memoryIo(), factory);
    await run(['campaigns', 'list'], memoryIo({ env: { address: 'env:1', apiKey: 'env-key' } }), factory);
    await run(['campaigns', 'list', '--address', 'flag:2', '--key', 'flag-key', '--timeout', '2500'], memoryIo({ env: { address: 'env:1', apiKey: 'env-key' } }), factory);
    expect(factory.calls).toEqual([
      { address: '127.0.0.1:50051', credential: undefined, timeoutMs: 10_000 },
      { address: 'env:1', credential: 'env-key', timeoutMs: 10_000 },
      { address: 'flag:2', credential: 'flag-key', timeoutMs: 2_500 },
    ]);
  });

  it('operator commands present the admin token, tenant commands the API key, when both are set', async () => {
    const factory = fakeFactory(
      fakeClient({ createTenant: () => Promise.resolve({ tenant }), listCampaigns: () => Promise.resolve({ campaigns: [], nextPageToken: '' }) }),
    );
    const env = { apiKey: 'the-key', adminToken: 'the-token' };
    await run(['tenants', 'create', 'Acme'], memoryIo({ env }), factory);
    await run(['campaigns', 'list'], memoryIo({ env }), factory);
    expect(factory.calls.map((call) => call.credential)).toEqual(['the-token', 'the-key']);
  });
});
