// `show channels|calls [count] [as json|xml|delim <d>]` of show_function() (mod_commands.c): the core
// database tables rendered by show_callback (delimited), show_as_json_callback and show_as_xml_callback.
import { separateString } from '../core/separate-string.js';
import type { ChannelsTable } from '../core/channels-table.js';

const SHOW_SYNTAX =
  'codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|interfaces|interface_types|tasks|limits|status';

type Row = Array<readonly [string, string]>;

export function show(table: ChannelsTable, arg: string | undefined, status: () => string): string {
  const argv = arg ? separateString(arg, ' ', 10) : [];
  const command = argv[0];
  if (command === undefined) return `-USAGE: ${SHOW_SYNTAX}\n`;
  let as = argv[2] !== undefined && argv[1]?.toLowerCase() === 'as' ? argv[2] : undefined;
  let delim = argv[2] !== undefined && argv[1]?.toLowerCase() === 'as' ? argv[3] : undefined;
  if (command.toLowerCase().startsWith('status')) return status();
  let rows: Row[];
  let justCount = false;
  const lower = command.toLowerCase();
  if (lower === 'channels' || lower === 'calls') {
    rows = lower === 'channels' ? table.channels() : table.basicCalls();
    if (argv[1]?.toLowerCase() === 'count') {
      justCount = true;
      as = argv[2] !== undefined && argv[3] !== undefined && argv[2].toLowerCase() === 'as' ? argv[3] : undefined;
      delim = undefined;
    }
  } else {
    return `-USAGE: ${SHOW_SYNTAX}\n`;
  }
  const format = (as ?? 'delim').toLowerCase();
  if (format === 'delim' || format === 'csv') return delimited(rows, justCount, as === undefined ? ',' : (delim ?? ','));
  if (format === 'json') return json(rows, justCount);
  if (format === 'xml') return xml(rows, justCount);
  return `-ERR Cannot find format ${as}\n`;
}

function delimited(rows: Row[], justCount: boolean, delim: string): string {
  if (justCount) return `\n${rows.length} total.\n`;
  let out = '';
  rows.forEach((row, index) => {
    if (index === 0) out += `${row.map(([name]) => name).join(delim)}\n`;
    out += `${row.map(([, value]) => value).join(delim)}\n`;
  });
  return `${out}\n${rows.length} total.\n`;
}

function json(rows: Row[], justCount: boolean): string {
  if (justCount) return `{"row_count":${rows.length},"rows":[]}`;
  if (rows.length === 0) return '{"row_count": 0}\n';
  const body = rows.map((row) => `{${row.map(([name, value]) => `${JSON.stringify(name)}:${cjson(value)}`).join(',')}}`);
  return `{"row_count":${rows.length},"rows":[${body.join(',')}]}`;
}

// cJSON escapes only `"`, `\` and control characters; JSON.stringify also escapes lone surrogates, which
// channel values never hold.
function cjson(value: string): string {
  return JSON.stringify(value).replace(/\\u007f/g, '\u007f');
}

function xml(rows: Row[], justCount: boolean): string {
  if (rows.length === 0 && !justCount) return '';
  let out = `<result row_count="${rows.length}">\n`;
  if (!justCount) {
    rows.forEach((row, index) => {
      out += `  <row row_id="${index + 1}">\n`;
      for (const [name, value] of row) out += `    <${name}>${escapeXml(value)}</${name}>\n`;
      out += '  </row>\n';
    });
  }
  return `${out}</result>\n`;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

