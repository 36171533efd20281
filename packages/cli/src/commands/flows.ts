// `ringpace flows …`: validate, push (create or new version), simulate, list and show IVR flows. Flow files
// are YAML or JSON, sent as written; problems are printed on the file's lines.
import { randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { FlowDocumentFormat, type Flow, type FlowProblem, type SimulateFlowRequest } from '@ringpace/proto';
import { Credential, type Command, type CommandContext, type CommandGroup } from '../command.js';
import { FileValidationError, UsageError, formatViolation, type LocatedViolation } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { formatTime } from '../output.js';
import { collectPages } from '../paging.js';
import { keysScript, readScript, type SimulationScript } from '../simulation-script.js';
import { YamlSource } from '../yaml-source.js';

const formatsByExtension: Record<string, FlowDocumentFormat> = { '.json': FlowDocumentFormat.JSON, '.yaml': FlowDocumentFormat.YAML, '.yml': FlowDocumentFormat.YAML };

interface FlowFile {
  readonly source: YamlSource;
  /** The file as written: the server's line numbers then point into it. */
  readonly text: string;
  readonly format: FlowDocumentFormat;
}

/** Reads and parses the file here first, so syntax errors need no server and every path has a line. */
async function readFlowFile(context: CommandContext, file: string): Promise<FlowFile> {
  const text = await context.io.files.readText(file);
  return { source: YamlSource.parse(text, file), text, format: formatsByExtension[extname(file).toLowerCase()] ?? FlowDocumentFormat.UNSPECIFIED };
}

/** The server's paths may name the request field first ("definition_json.nodes.ask"); the file has no such level. */
function flowFilePath(field: string): string {
  return field.replace(/^(definition_json|definition)\.?/, '');
}

const serverPosition = / \(line (\d+)(?:, column \d+)?\)$/;

/** Places problems on lines: the server's own "(line N, column M)" when it gave one, else by path. */
function placeProblems(source: YamlSource, violations: readonly FieldViolation[]): LocatedViolation[] {
  return violations.map((violation) => {
    const position = serverPosition.exec(violation.message);
    if (position === null) return source.locate([violation], flowFilePath)[0]!;
    return { field: flowFilePath(violation.field), message: violation.message.replace(serverPosition, ''), line: Number(position[1]) };
  });
}

function locateProblems(source: YamlSource, problems: readonly FlowProblem[]): LocatedViolation[] {
  return placeProblems(source, problems.map((problem) => ({ field: problem.path, message: problem.message })));
}

async function placingViolations<T>(source: YamlSource, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ValidationError) throw new FileValidationError(source.file, placeProblems(source, error.violations), { cause: error });
    throw error;
  }
}

/** The stored document, indented; as stored when it is not JSON. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function flowFields(flow: Flow | undefined) {
  return [
    ['id', flow?.id],
    ['name', flow?.name],
    ['version', flow?.version],
    ['created', formatTime(flow?.createdAt)],
  ] as const;
}

const validate: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'flows validate',
    summary: 'check a flow file without storing it (exit 2 when it has problems)',
    synopsis: 'FILE',
    positionals: { min: 1, max: 1 },
    options: { fields: { type: 'string', value: 'A,B', help: 'contact fields the templates may use; unknown template fields become problems' } },
    examples: ['ringpace flows validate reminder.yaml --fields name,amount,due_date'],
  },
  async run(context) {
    const file = context.args.positional(0);
    const { source, text, format } = await readFlowFile(context, file);
    const contactFields = (context.args.string('fields') ?? '')
      .split(',')
      .map((field) => field.trim())
      .filter((field) => field !== '');
    const response = await placingViolations(source, () => context.client().validateFlow({ definitionJson: text, contactFields, documentFormat: format }));
    const located = locateProblems(source, response.problems);
    context.out.result({ valid: response.valid, problems: located }, () => {
      if (response.valid) context.out.line(`${file}: valid`);
      else for (const problem of located) context.out.line(formatViolation(problem, file));
    });
    return response.valid ? ExitCode.Ok : ExitCode.InvalidArgument;
  },
};

const push: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'flows push',
    summary: 'store a flow file: a new flow (--name), or a new version of one (--flow)',
    synopsis: 'FILE',
    positionals: { min: 1, max: 1 },
    options: {
      name: { type: 'string', value: 'NAME', help: 'name of the new flow (default: the file name without extension)' },
      flow: { type: 'string', value: 'ID', help: 'add a version to this flow instead of creating one' },
      'request-id': { type: 'string', value: 'ID', help: 'idempotency key (default: random)' },
    },
    examples: ['ringpace flows push reminder.yaml --name payment-reminder', 'ringpace flows push reminder.yaml --flow 9b1c…'],
  },
  async run(context) {
    const { args, out } = context;
    const file = args.positional(0);
    const flowId = args.string('flow');
    const name = args.string('name');
    if (flowId !== undefined && name !== undefined) throw new UsageError('give --name (new flow) or --flow (new version), not both', args.command);
    const { source, text, format } = await readFlowFile(context, file);
    const requestId = args.string('request-id') ?? randomUUID();
    const { flow } = await placingViolations(source, () =>
      flowId === undefined
        ? context.client().createFlow({ requestId, name: name ?? basename(file, extname(file)), definitionJson: text })
        : context.client().pushFlowVersion({ flowId, definitionJson: text, documentFormat: format, requestId }),
    );
    out.result({ flow }, () => out.fields(flowFields(flow)));
    return ExitCode.Ok;
  },
};

async function simulationScript(context: CommandContext): Promise<SimulationScript> {
  const { args } = context;
  const keys = args.string('keys');
  const scriptFile = args.string('script');
  if (keys !== undefined && scriptFile !== undefined) throw new UsageError('give --keys or --script, not both', args.command);
  if (scriptFile !== undefined) return readScript(YamlSource.parse(await context.io.files.readText(scriptFile), scriptFile));
  const steps = keys === undefined ? [] : keysScript(keys);
  if ('invalid' in steps) throw new UsageError(`--keys: "${steps.invalid}" is not 1 to 64 keys (0-9, *, #, A-D)`, args.command);
  return { contact: {}, steps, maxSteps: 0 };
}

const simulate: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'flows simulate',
    summary: 'run a flow (a file, or a stored flow with --flow) against a contact and scripted keys, without a call',
    synopsis: '[FILE]',
    positionals: { min: 0, max: 1 },
    options: {
      flow: { type: 'string', value: 'ID', help: 'simulate a stored flow instead of a file' },
      version: { type: 'string', value: 'N', help: 'version of --flow (default: the latest)' },
      contact: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'the contact as the flow sees it: phone, name, custom fields (repeatable)' },
      keys: { type: 'string', value: 'KEYS', help: 'keys pressed, one group per prompt: "1 #"' },
      script: { type: 'string', value: 'FILE', help: 'simulation script (contact, callee, webhooks, maxSteps) as in docs/flows.md' },
      'max-steps': { type: 'string', value: 'N', help: 'stop after N verbs (default: the server’s, 200)' },
    },
    examples: ['ringpace flows simulate reminder.yaml --contact name=Li --contact amount=300 --keys "#"', 'ringpace flows simulate --flow 9b1c… --script refuse.yaml'],
  },
  async run(context) {
    const { args, out } = context;
    const file = args.positionals[0];
    const flowId = args.string('flow');
    if ((file === undefined) === (flowId === undefined)) throw new UsageError('give a flow FILE or --flow ID (one of them)', args.command);
    const version = args.integer('version', 0, 4_294_967_295) ?? 0;
    if (file !== undefined && args.string('version') !== undefined) throw new UsageError('--version goes with --flow', args.command);
    const loaded = file === undefined ? undefined : await readFlowFile(context, file);
    const script = await simulationScript(context);
    const request: SimulateFlowRequest = {
      source: loaded === undefined ? { $case: 'flow', value: { id: flowId ?? '', version } } : { $case: 'definition', value: loaded.text },
      // --contact wins over the script's contact, field by field.
      contact: { ...script.contact, ...args.pairs('contact') },
      script: script.steps,
      maxSteps: args.integer('max-steps', 1, 100_000) ?? script.maxSteps,
    };
    const call = () => context.client().simulateFlow(request);
    const response = loaded === undefined ? await call() : await placingViolations(loaded.source, call);
    if (response.problems.length > 0) {
      if (loaded !== undefined) throw new FileValidationError(loaded.source.file, locateProblems(loaded.source, response.problems));
      throw new ValidationError(response.problems.map((problem) => ({ field: problem.path, message: problem.message })));
    }
    out.result(response, () => {
      out.table(
        [{ header: '#', right: true }, { header: 'NODE' }, { header: 'VERB' }, { header: 'DETAIL' }],
        response.trace.map((step, index) => [
          index + 1,
          step.nodeId,
          step.verb,
          // The step number is the first column already.
          Object.entries(step.detail)
            .filter(([key]) => key !== 'index')
            .map(([key, value]) => `${key}=${value}`)
            .join(' '),
        ]),
      );
      out.line();
      out.fields([['result', response.result === '' ? '(none)' : response.result], ['ended', response.reason], ...Object.entries(response.variables).map(([key, value]) => [`  ${key}`, value] as const)]);
    });
    return ExitCode.Ok;
  },
};

const list: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'flows list',
    summary: 'list flows (the latest version of each)',
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: { limit: { type: 'string', value: 'N', help: 'at most N rows (default 100)' } },
    examples: ['ringpace flows list'],
  },
  async run({ args, out, client }) {
    const limit = args.integer('limit', 1, 100_000) ?? 100;
    const { items, nextPageToken } = await collectPages(async (pageSize, pageToken) => {
      const page = await client().listFlows({ pageSize, pageToken });
      return { items: page.flows, nextPageToken: page.nextPageToken };
    }, limit);
    out.result({ flows: items, nextPageToken }, () =>
      out.table([{ header: 'ID' }, { header: 'NAME' }, { header: 'VERSION', right: true }, { header: 'CREATED' }], items.map((flow) => [flow.id, flow.name, flow.version, formatTime(flow.createdAt)])),
    );
    return ExitCode.Ok;
  },
};

const get: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'flows get',
    summary: 'show a flow version; --definition prints its document',
    synopsis: 'ID',
    positionals: { min: 1, max: 1 },
    options: { version: { type: 'string', value: 'N', help: 'version (default: the latest)' }, definition: { type: 'boolean', help: 'print the flow document as JSON' } },
    examples: ['ringpace flows get 9b1c… --version 2 --definition > reminder-v2.json'],
  },
  async run({ args, out, client }) {
    const { flow } = await client().getFlow({ id: args.positional(0), version: args.integer('version', 0, 4_294_967_295) ?? 0 });
    out.result({ flow }, () => {
      if (args.flag('definition')) out.line(prettyJson(flow?.definitionJson ?? ''));
      else out.fields(flowFields(flow));
    });
    return ExitCode.Ok;
  },
};

export const flowsGroup: CommandGroup = {
  name: 'flows',
  summary: 'validate, store and simulate IVR flows',
  commands: { validate, push, simulate, list, get },
};
