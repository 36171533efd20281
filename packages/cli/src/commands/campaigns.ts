// `ringpace campaigns …`: create and update from campaign.yaml, list, get, the life cycle (start, pause,
// resume, stop) and a live progress watch.
import { randomUUID } from 'node:crypto';
import { ValidationError } from '@ringpace/errors';
import { CampaignState, type Campaign, type CampaignProgress } from '@ringpace/proto';
import { CAMPAIGN_EXAMPLE } from '../campaign-example.js';
import { readCampaignCreate, readCampaignUpdate } from '../campaign-file.js';
import { campaignColumns, campaignFields, campaignRow, isFinalState, progressBarLine, progressCounts, progressLogLine, stateLabel } from '../campaign-view.js';
import { Credential, type Command, type CommandContext, type CommandGroup } from '../command.js';
import { enumOption } from '../enum-names.js';
import { ExitCode } from '../exit-codes.js';
import { ProgressLine } from '../progress.js';
import { collectPages } from '../paging.js';
import { resolveTrunkGroupId } from '../trunk-group-ref.js';
import { YamlSource } from '../yaml-source.js';

const fileOption = { file: { type: 'string', short: 'f', value: 'FILE', help: 'campaign.yaml (see docs/cli.md for the format)' } } as const;
const limitOption = { limit: { type: 'string', value: 'N', help: 'at most N rows (default 100)' } } as const;

async function loadYaml(context: CommandContext): Promise<YamlSource> {
  const file = context.args.requireString('file');
  return YamlSource.parse(await context.io.files.readText(file), file);
}

/** Server violations about the file's fields are printed on the file's lines. */
async function placingViolations<T>(source: YamlSource, toFilePath: (field: string) => string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ValidationError) throw source.fail(error.violations, toFilePath, error);
    throw error;
  }
}

function printCampaign(context: CommandContext, campaign: Campaign | undefined, note?: string): void {
  context.out.result({ campaign }, () => {
    if (campaign !== undefined) context.out.fields(campaignFields(campaign));
    if (note !== undefined) context.out.note(note);
  });
}

const create: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'campaigns create',
    summary: 'create a draft campaign from campaign.yaml',
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: { ...fileOption, 'request-id': { type: 'string', value: 'ID', help: 'idempotency key: retrying with it never creates a second campaign (default: random)' } },
    examples: ['ringpace campaigns create -f campaign.yaml'],
  },
  async run(context) {
    const source = await loadYaml(context);
    const { request, trunkGroup, toFilePath } = readCampaignCreate(source, context.args.string('request-id') ?? randomUUID());
    const { campaign } = await placingViolations(source, toFilePath, async () => {
      if (trunkGroup !== undefined && trunkGroup !== '') request.trunkGroupId = await resolveTrunkGroupId(context.client(), trunkGroup);
      return context.client().createCampaign(request);
    });
    printCampaign(context, campaign, campaign === undefined ? undefined : `next: ringpace contacts import FILE --campaign ${campaign.id}`);
    return ExitCode.Ok;
  },
};

const update: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'campaigns update',
    summary: 'change the fields the file writes (name, description, caller_ids, max_concurrent_calls, flow, schedule, retry_policy, excluded_number_types, trunk_group)',
    synopsis: 'ID',
    positionals: { min: 1, max: 1 },
    options: fileOption,
    examples: ['ringpace campaigns update 3f2a… -f schedule-change.yaml'],
  },
  async run(context) {
    const source = await loadYaml(context);
    const { request, trunkGroup, toFilePath } = readCampaignUpdate(source, context.args.positional(0));
    const { campaign } = await placingViolations(source, toFilePath, async () => {
      if (request.campaign !== undefined && trunkGroup !== undefined && trunkGroup !== '') request.campaign.trunkGroupId = await resolveTrunkGroupId(context.client(), trunkGroup);
      return context.client().updateCampaign(request);
    });
    printCampaign(context, campaign);
    return ExitCode.Ok;
  },
};

const list: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'campaigns list',
    summary: 'list campaigns, newest first',
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: { state: { type: 'string', value: 'STATE', help: 'only campaigns in this state (draft, ready, running, paused, stopped, completed)' }, ...limitOption },
    examples: ['ringpace campaigns list --state running'],
  },
  async run({ args, out, client }) {
    const stateText = args.string('state');
    const state = stateText === undefined ? CampaignState.UNSPECIFIED : enumOption(stateText, CampaignState, 'CAMPAIGN_STATE_', 'state', args.command);
    const limit = args.integer('limit', 1, 100_000) ?? 100;
    const { items, nextPageToken } = await collectPages(async (pageSize, pageToken) => {
      const page = await client().listCampaigns({ pageSize, pageToken, state });
      return { items: page.campaigns, nextPageToken: page.nextPageToken };
    }, limit);
    out.result({ campaigns: items, nextPageToken }, () => {
      out.table(campaignColumns, items.map(campaignRow));
      if (nextPageToken !== '') out.note(`more campaigns exist: raise --limit to see them`);
    });
    return ExitCode.Ok;
  },
};

const get: Command = {
  credential: Credential.Tenant,
  spec: { name: 'campaigns get', summary: 'show a campaign with its schedule and retry policy', synopsis: 'ID', positionals: { min: 1, max: 1 }, options: {}, examples: ['ringpace campaigns get 3f2a…'] },
  async run(context) {
    const { campaign } = await context.client().getCampaign({ id: context.args.positional(0) });
    printCampaign(context, campaign);
    return ExitCode.Ok;
  },
};

const start: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'campaigns start',
    summary: 'start dialing; a draft is prepared (flow, schedule and contacts checked) first',
    synopsis: 'ID',
    positionals: { min: 1, max: 1 },
    options: {},
    examples: ['ringpace campaigns start 3f2a…'],
  },
  async run(context) {
    const id = context.args.positional(0);
    const client = context.client();
    const { campaign: current } = await client.getCampaign({ id });
    if (current?.state === CampaignState.DRAFT) await client.prepareCampaign({ id });
    const { campaign } = await client.startCampaign({ id });
    printCampaign(context, campaign);
    return ExitCode.Ok;
  },
};

function transition(name: 'pause' | 'resume', summary: string): Command {
  return {
    credential: Credential.Tenant,
    spec: { name: `campaigns ${name}`, summary, synopsis: 'ID', positionals: { min: 1, max: 1 }, options: {}, examples: [`ringpace campaigns ${name} 3f2a…`] },
    async run(context) {
      const id = context.args.positional(0);
      const { campaign } = name === 'pause' ? await context.client().pauseCampaign({ id }) : await context.client().resumeCampaign({ id });
      printCampaign(context, campaign);
      return ExitCode.Ok;
    },
  };
}

const stop: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'campaigns stop',
    summary: 'stop for good; calls in progress finish unless --hang-up',
    synopsis: 'ID',
    positionals: { min: 1, max: 1 },
    options: { 'hang-up': { type: 'boolean', help: 'also hang up calls in progress' } },
    examples: ['ringpace campaigns stop 3f2a… --hang-up'],
  },
  async run(context) {
    const { campaign } = await context.client().stopCampaign({ id: context.args.positional(0), hangUpCalls: context.args.flag('hang-up') });
    printCampaign(context, campaign);
    return ExitCode.Ok;
  },
};

const watch: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'campaigns watch',
    summary: 'live progress until the campaign ends (Ctrl-C stops watching, not the campaign)',
    synopsis: 'ID',
    positionals: { min: 1, max: 1 },
    options: {
      interval: { type: 'string', value: 'MS', help: 'least time between updates, 200–60000 (default: the server’s, 1000)' },
      once: { type: 'boolean', help: 'print the current progress and exit' },
    },
    examples: ['ringpace campaigns watch 3f2a…', 'ringpace campaigns watch 3f2a… --once --json'],
  },
  async run({ args, io, out, client }) {
    const id = args.positional(0);
    const minIntervalMs = args.integer('interval', 200, 60_000) ?? 0;
    const once = args.flag('once');
    const bar = new ProgressLine(io.stdout, io.stdoutIsTty && !out.json, () => io.now());
    let last: CampaignProgress | undefined;
    try {
      for await (const { progress } of client().watchCampaign({ id, minIntervalMs }, io.signal)) {
        if (progress === undefined) continue;
        last = progress;
        if (bar.enabled) bar.update(progressBarLine(progress), true);
        else if (!out.json) out.line(progressLogLine(progress));
        if (once) break;
      }
    } finally {
      // An error (the server went away) starts on its own line, not after the bar.
      bar.finish();
    }
    out.result({ progress: last }, () => {
      if (last !== undefined && isFinalState(last.state)) out.line(`campaign ${stateLabel(last.state)}: ${last.total} contacts, ${progressCounts(last)}, ${last.attempts} attempts`);
    });
    return ExitCode.Ok;
  },
};

const example: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'campaigns example',
    summary: 'print a complete campaign.yaml to start from (no server needed)',
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: {},
    examples: ['ringpace campaigns example > campaign.yaml'],
  },
  run({ out }) {
    out.result({ campaignYaml: CAMPAIGN_EXAMPLE }, () => out.line(CAMPAIGN_EXAMPLE.trimEnd()));
    return Promise.resolve(ExitCode.Ok);
  },
};

export const campaignsGroup: CommandGroup = {
  name: 'campaigns',
  summary: 'create, change, run and watch campaigns',
  commands: {
    example,
    create,
    list,
    get,
    update,
    start,
    pause: transition('pause', 'pause: no new call starts; calls in progress finish'),
    resume: transition('resume', 'resume a paused campaign where it stopped'),
    stop,
    watch,
  },
};
