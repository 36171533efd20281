// `ringpace contacts …`: stream a contact file into a campaign (header first, then 256 KiB chunks, with a
// progress bar by bytes sent), print the summary and the rejected rows; list a campaign's contacts.
import { randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import { ValidationError } from '@ringpace/errors';
import { ContactState, ImportFormat, ImportStatus, TextEncoding, type ContactImport, type ImportHeader, type RejectedRow } from '@ringpace/proto';
import { Credential, type Command, type CommandContext, type CommandGroup } from '../command.js';
import { csvLine } from '../csv.js';
import { enumLabel, enumOption } from '../enum-names.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { formatTime } from '../output.js';
import { allPages, collectPages } from '../paging.js';
import { ProgressLine, formatBytes, percent, renderBar } from '../progress.js';

export const CHUNK_BYTES = 256 * 1024;
const DEFAULT_IMPORT_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_SHOWN_REJECTIONS = 20;

const formatsByExtension: Record<string, ImportFormat> = { '.csv': ImportFormat.CSV, '.xlsx': ImportFormat.XLSX, '.txt': ImportFormat.TXT, '.tsv': ImportFormat.TXT };

const encodings: Record<string, TextEncoding> = {
  'utf8': TextEncoding.UTF8,
  'utf-8': TextEncoding.UTF8,
  'utf16le': TextEncoding.UTF16LE,
  'utf-16le': TextEncoding.UTF16LE,
  'utf16be': TextEncoding.UTF16BE,
  'utf-16be': TextEncoding.UTF16BE,
  'gb18030': TextEncoding.GB18030,
  'gbk': TextEncoding.GBK,
};

const delimiters: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };

/** The import header's fields as the options that set them, so server violations name a flag. */
const headerOptionNames: Record<string, string> = {
  'columns.phone': '--phone',
  'columns.name': '--name',
  'columns.timezone': '--tz',
  delimiter: '--delimiter',
  encoding: '--encoding',
  format: '--format',
  import_id: '--import-id',
  campaign_id: '--campaign',
  sheet: '--sheet',
};

function optionField(field: string): string {
  const custom = /^columns\.fields\.(.+)$/.exec(field);
  if (custom !== null) return `--field ${custom[1]}`;
  return headerOptionNames[field] ?? field;
}

export function importHeader(context: CommandContext, file: string, sizeBytes: number, importId: string): ImportHeader {
  const { args } = context;
  const command = args.command;
  const formatText = args.string('format');
  const format = formatText === undefined ? formatsByExtension[extname(file).toLowerCase()] : enumOption(formatText, ImportFormat, 'IMPORT_FORMAT_', 'format', command);
  if (format === undefined) throw new UsageError(`cannot tell the format of "${file}" from its extension: add --format csv|xlsx|txt`, command);
  const encodingText = args.string('encoding');
  const encoding = encodingText === undefined ? TextEncoding.UNSPECIFIED : encodings[encodingText.toLowerCase()];
  if (encoding === undefined) throw new UsageError(`--encoding must be one of ${Object.keys(encodings).join(', ')} (got "${encodingText}")`, command);
  const delimiterText = args.string('delimiter') ?? '';
  const delimiter = delimiters[delimiterText.toLowerCase()] ?? delimiterText;
  if ([...delimiter].length > 1) throw new UsageError(`--delimiter must be one character, or tab, comma, semicolon, pipe (got "${delimiterText}")`, command);
  return {
    campaignId: args.requireString('campaign'),
    importId,
    format,
    encoding,
    delimiter,
    hasHeader: !args.flag('no-header'),
    columns: { phone: args.string('phone') ?? '', name: args.string('name') ?? '', timezone: args.string('tz') ?? '', fields: args.pairs('field') },
    listName: args.string('list-name') ?? basename(file),
    sheet: args.string('sheet') ?? '',
    sizeBytes,
  };
}

const rejectionColumns = [{ header: 'LINE', right: true }, { header: 'REASON' }, { header: 'VALUE' }, { header: 'DETAIL' }] as const;

function rejectionRow(row: RejectedRow) {
  return [row.line, enumLabel(row.reason, 'REJECT_REASON_'), row.rawMasked, row.detail];
}

function printSummary(context: CommandContext, result: ContactImport): void {
  const counts = result.counts;
  context.out.fields([
    ['import', result.id],
    ['status', enumLabel(result.status, 'IMPORT_STATUS_')],
    ['list', result.listId],
    ['read', counts?.read ?? 0],
    ['accepted', counts?.accepted ?? 0],
    ['rejected', counts?.rejected ?? 0],
    ...Object.entries(counts?.rejectedByReason ?? {}).map(([reason, rows]) => [`  ${enumLabel(reason, 'REJECT_REASON_')}`, rows] as const),
  ]);
  if (result.error !== '') context.out.line(`error: ${result.error}`);
}

async function writeReport(context: CommandContext, importId: string, path: string): Promise<number> {
  let text = csvLine(['line', 'reason', 'value', 'detail']);
  let rows = 0;
  const pages = allPages(async (pageSize, pageToken) => {
    const page = await context.client().listImportRejections({ importId, pageSize, pageToken });
    return { items: page.rows, nextPageToken: page.nextPageToken };
  });
  for await (const row of pages) {
    text += csvLine([row.line, enumLabel(row.reason, 'REJECT_REASON_'), row.rawMasked, row.detail]);
    rows += 1;
  }
  await context.io.files.writeText(path, text);
  return rows;
}

const importCommand: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'contacts import',
    summary: 'import a CSV, XLSX or TXT file of contacts into a campaign',
    synopsis: 'FILE',
    positionals: { min: 1, max: 1 },
    options: {
      campaign: { type: 'string', value: 'ID', help: 'campaign to import into (required)' },
      phone: { type: 'string', value: 'COL', help: 'column of the phone number: header text, or 1-based position with --no-header' },
      name: { type: 'string', value: 'COL', help: 'column of the contact name' },
      field: { type: 'string', multiple: true, value: 'NAME=COL', help: 'custom field for flow templates (repeatable)' },
      tz: { type: 'string', value: 'COL', help: 'column with an IANA time zone per contact' },
      format: { type: 'string', value: 'FORMAT', help: 'csv, xlsx or txt (default: from the file extension)' },
      encoding: { type: 'string', value: 'ENC', help: 'utf-8, utf-16le, utf-16be, gb18030, gbk (default: detected)' },
      delimiter: { type: 'string', value: 'CHAR', help: 'field delimiter, or tab|comma|semicolon|pipe (default: detected)' },
      'no-header': { type: 'boolean', help: 'the first row is data, not column names' },
      sheet: { type: 'string', value: 'NAME', help: 'XLSX sheet (default: the first)' },
      'list-name': { type: 'string', value: 'NAME', help: 'name of the contact list (default: the file name)' },
      'import-id': { type: 'string', value: 'UUID', help: 'resume an interrupted import by its id (default: a new id)' },
      report: { type: 'string', value: 'FILE', help: 'write every rejected row to FILE as CSV' },
      show: { type: 'string', value: 'N', help: `print the first N rejected rows (default ${DEFAULT_SHOWN_REJECTIONS}, 0 for none)` },
      'import-timeout': { type: 'string', value: 'MS', help: 'deadline of the whole upload (default 1800000)' },
    },
    examples: [
      'ringpace contacts import debtors.csv --campaign 3f2a… --phone mobile --name name --field amount=amount_due --report rejected.csv',
      'ringpace contacts import numbers.txt --campaign 3f2a… --no-header --phone 1 --encoding gb18030',
    ],
  },
  async run(context) {
    const { args, io, out } = context;
    const file = args.positional(0);
    const shown = args.integer('show', 0, 10_000) ?? DEFAULT_SHOWN_REJECTIONS;
    const timeoutMs = args.integer('import-timeout', 1, 24 * 3_600_000) ?? DEFAULT_IMPORT_TIMEOUT_MS;
    const reportPath = args.string('report');
    const importId = args.string('import-id') ?? randomUUID();
    const sizeBytes = await io.files.size(file);
    const header = importHeader(context, file, sizeBytes, importId);
    if (!out.json) out.note(`importing ${file} (${formatBytes(sizeBytes)}) as import ${importId}`);

    const bar = new ProgressLine(io.stdout, io.stdoutIsTty && !out.json, () => io.now());
    const drawBar = (sent: number, force = false) => bar.update(`${renderBar(sizeBytes === 0 ? 1 : sent / sizeBytes)} ${percent(sent, sizeBytes).padStart(4)}  ${formatBytes(sent)} / ${formatBytes(sizeBytes)}`, force);
    drawBar(0, true);
    let response;
    try {
      const options = { timeoutMs, onSent: (sent: number) => drawBar(sent), ...(io.signal === undefined ? {} : { signal: io.signal }) };
      response = await context.client().importContacts(header, io.files.chunks(file, CHUNK_BYTES), options);
      drawBar(sizeBytes, true);
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(error.violations.map((violation) => ({ field: optionField(violation.field), message: violation.message })), { cause: error });
      throw error;
    } finally {
      bar.finish();
    }
    const result = response.import;
    if (result === undefined) throw new ValidationError([{ field: 'import', message: 'the server answered without an import summary' }]);

    const rejected = result.counts?.rejected ?? 0;
    const firstRows = rejected > 0 && shown > 0 ? (await context.client().listImportRejections({ importId: result.id, pageSize: shown, pageToken: '' })).rows.slice(0, shown) : [];
    const reportRows = reportPath !== undefined && rejected > 0 ? await writeReport(context, result.id, reportPath) : undefined;

    out.result({ import: result, rejectedRows: firstRows, ...(reportRows === undefined ? {} : { report: { path: reportPath, rows: reportRows } }) }, () => {
      printSummary(context, result);
      if (firstRows.length > 0) {
        out.line();
        out.line(`rejected rows (first ${firstRows.length} of ${rejected}):`);
        out.table(rejectionColumns, firstRows.map(rejectionRow));
      }
      if (reportRows !== undefined) out.note(`wrote ${reportRows} rejected rows to ${reportPath}`);
      else if (rejected > firstRows.length) out.note(`add --report FILE to write all ${rejected} rejected rows as CSV`);
      if (result.status === ImportStatus.INTERRUPTED) out.note(`resume with: --import-id ${result.id}`);
    });
    switch (result.status) {
      case ImportStatus.FAILED:
        return ExitCode.InvalidArgument;
      case ImportStatus.INTERRUPTED:
      case ImportStatus.RUNNING:
        return ExitCode.Unavailable;
      default:
        return rejected > 0 ? ExitCode.ImportRejectedRows : ExitCode.Ok;
    }
  },
};

const contactColumns = [{ header: 'PHONE' }, { header: 'NAME' }, { header: 'STATE' }, { header: 'ATTEMPTS', right: true }, { header: 'NEXT ATTEMPT' }, { header: 'LINE', right: true }] as const;

const list: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'contacts list',
    summary: "list a campaign's contacts",
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: {
      campaign: { type: 'string', value: 'ID', help: 'campaign (required)' },
      state: { type: 'string', value: 'STATE', help: 'pending, dialing, notified, confirmed, refused, invalid, exhausted or blocked' },
      query: { type: 'string', value: 'Q', help: 'name or digits anywhere in the number' },
      limit: { type: 'string', value: 'N', help: 'at most N rows (default 100)' },
    },
    examples: ['ringpace contacts list --campaign 3f2a… --state refused', 'ringpace contacts list --campaign 3f2a… --query 1380013'],
  },
  async run({ args, out, client }) {
    const campaignId = args.requireString('campaign');
    const stateText = args.string('state');
    const state = stateText === undefined ? ContactState.UNSPECIFIED : enumOption(stateText, ContactState, 'CONTACT_STATE_', 'state', args.command);
    const query = args.string('query') ?? '';
    const limit = args.integer('limit', 1, 1_000_000) ?? 100;
    const { items, nextPageToken } = await collectPages(async (pageSize, pageToken) => {
      const page = await client().listContacts({ campaignId, state, query, pageSize, pageToken });
      return { items: page.contacts, nextPageToken: page.nextPageToken };
    }, limit);
    out.result({ contacts: items, nextPageToken }, () => {
      out.table(
        contactColumns,
        items.map((contact) => [contact.phone, contact.name, enumLabel(contact.state, 'CONTACT_STATE_'), contact.attemptCount, formatTime(contact.nextAttemptAt), contact.sourceLine]),
      );
      if (nextPageToken !== '') out.note('more contacts match: raise --limit to see them');
    });
    return ExitCode.Ok;
  },
};

export const contactsGroup: CommandGroup = {
  name: 'contacts',
  summary: 'import and list contacts',
  commands: { import: importCommand, list },
};
