// `ringpace blacklist …`: the tenant's do-not-call list: add numbers, import a file of them, remove, list.
import { ValidationError } from '@ringpace/errors';
import type { BlacklistEntry } from '@ringpace/proto';
import { Credential, type Command, type CommandContext, type CommandGroup } from '../command.js';
import { FileValidationError, UsageError, type LocatedViolation } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { formatTime } from '../output.js';
import { collectPages } from '../paging.js';

/** Entries per AddBlacklistEntries call when importing a file. */
export const IMPORT_BATCH = 1_000;

const regionOption = { region: { type: 'string', value: 'CC', help: 'ISO 3166-1 region for numbers without a country code, e.g. CN' } } as const;
const reasonOption = { reason: { type: 'string', value: 'TEXT', help: 'why the numbers are listed' } } as const;
const expiresOption = { expires: { type: 'string', value: 'DATE', help: 'when the entries lapse (YYYY-MM-DD or ISO time; default: never)' } } as const;

function expiresAt(context: CommandContext): Date | undefined {
  const text = context.args.string('expires');
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) throw new UsageError(`--expires must be YYYY-MM-DD or an ISO time (got "${text}")`, context.args.command);
  return new Date(time);
}

function entry(phone: string, reason: string, expires: Date | undefined): BlacklistEntry {
  return { phone, reason, expiresAt: expires, createdAt: undefined };
}

interface FileEntry {
  readonly entry: BlacklistEntry;
  readonly line: number;
}

/** One number per line, optionally followed by a reason after a comma or tab; blank lines and # comments skipped. */
export function parseBlacklistFile(text: string, defaultReason: string, expires: Date | undefined): FileEntry[] {
  const entries: FileEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const split = /^([^,\t]+)[,\t]\s*(.*)$/.exec(line);
    const phone = (split?.[1] ?? line).trim();
    const reason = split?.[2]?.trim() || defaultReason;
    entries.push({ entry: entry(phone, reason, expires), line: index + 1 });
  });
  return entries;
}

const add: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'blacklist add',
    summary: 'add numbers (already listed ones get the new reason and expiry)',
    synopsis: 'NUMBER...',
    positionals: { min: 1, max: 10_000 },
    options: { ...reasonOption, ...regionOption, ...expiresOption },
    examples: ['ringpace blacklist add +8613800138000 13900139000 --region CN --reason "asked not to be called"'],
  },
  async run(context) {
    const { args, out } = context;
    const expires = expiresAt(context);
    const reason = args.string('reason') ?? '';
    const response = await context.client().addBlacklistEntries({ entries: args.positionals.map((phone) => entry(phone, reason, expires)), defaultRegion: args.string('region') ?? '' });
    out.result(response, () => out.line(`added ${response.added}, updated ${response.updated}`));
    return ExitCode.Ok;
  },
};

const importCommand: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'blacklist import',
    summary: 'add every number of a text file (NUMBER[,reason] per line)',
    synopsis: 'FILE',
    positionals: { min: 1, max: 1 },
    options: { ...reasonOption, ...regionOption, ...expiresOption },
    examples: ['ringpace blacklist import dnc.txt --region CN --reason "national DNC register"'],
  },
  async run(context) {
    const { args, out } = context;
    const file = args.positional(0);
    const entries = parseBlacklistFile(await context.io.files.readText(file), args.string('reason') ?? '', expiresAt(context));
    let added = 0;
    let updated = 0;
    for (let start = 0; start < entries.length; start += IMPORT_BATCH) {
      const batch = entries.slice(start, start + IMPORT_BATCH);
      try {
        const response = await context.client().addBlacklistEntries({ entries: batch.map((item) => item.entry), defaultRegion: args.string('region') ?? '' });
        added += response.added;
        updated += response.updated;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        // "entries[3].phone" is the fourth entry of this batch: name its line in the file.
        const located = error.violations.map((violation): LocatedViolation => {
          const match = /^entries\[(\d+)\]\.?(.*)$/.exec(violation.field);
          const item = match === null ? undefined : batch[Number(match[1])];
          return item === undefined ? violation : { field: match?.[2] || 'phone', message: violation.message, line: item.line };
        });
        if (start > 0) out.note(`the first ${start} entries were stored (added ${added}, updated ${updated})`);
        throw new FileValidationError(file, located, { cause: error });
      }
    }
    out.result({ added, updated, read: entries.length }, () => out.line(`read ${entries.length}, added ${added}, updated ${updated}`));
    return ExitCode.Ok;
  },
};

const remove: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'blacklist rm',
    summary: 'remove numbers from the list',
    synopsis: 'NUMBER...',
    positionals: { min: 1, max: 10_000 },
    options: regionOption,
    examples: ['ringpace blacklist rm +8613800138000'],
  },
  async run({ args, out, client }) {
    const response = await client().removeBlacklistEntries({ phones: [...args.positionals], defaultRegion: args.string('region') ?? '' });
    out.result(response, () => out.line(`removed ${response.removed}`));
    return ExitCode.Ok;
  },
};

const list: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'blacklist list',
    summary: 'list listed numbers',
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: { query: { type: 'string', value: 'DIGITS', help: 'digits anywhere in the number' }, limit: { type: 'string', value: 'N', help: 'at most N rows (default 100)' } },
    examples: ['ringpace blacklist list --query 138001'],
  },
  async run({ args, out, client }) {
    const query = args.string('query') ?? '';
    const limit = args.integer('limit', 1, 1_000_000) ?? 100;
    const { items, nextPageToken } = await collectPages(async (pageSize, pageToken) => {
      const page = await client().listBlacklist({ query, pageSize, pageToken });
      return { items: page.entries, nextPageToken: page.nextPageToken };
    }, limit);
    out.result({ entries: items, nextPageToken }, () => {
      out.table([{ header: 'PHONE' }, { header: 'REASON' }, { header: 'EXPIRES' }, { header: 'ADDED' }], items.map((item) => [item.phone, item.reason, formatTime(item.expiresAt) || 'never', formatTime(item.createdAt)]));
      if (nextPageToken !== '') out.note('more numbers match: raise --limit to see them');
    });
    return ExitCode.Ok;
  },
};

export const blacklistGroup: CommandGroup = {
  name: 'blacklist',
  summary: "the tenant's do-not-call list",
  commands: { add, import: importCommand, rm: remove, list },
};
