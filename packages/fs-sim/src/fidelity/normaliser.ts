// Makes two event-socket byte streams comparable: what is bound to one run (UUIDs, timestamps, counters,
// Event-Sequence, Core-UUID, hostnames and addresses, SIP tags, ports, durations) is replaced by placeholders;
// header names, their order and every other value stay as written.
import type { WireFrame } from './frame-splitter.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Headers whose whole value belongs to the run. */
const VOLATILE_HEADERS = new Set([
  'event-date-local', 'event-date-gmt', 'event-date-timestamp', 'event-sequence', 'freeswitch-hostname',
  'freeswitch-switchname', 'freeswitch-ipv4', 'freeswitch-ipv6', 'content-length', 'up-time', 'uptime-msec',
  'session-count', 'session-per-sec', 'session-per-sec-last', 'session-per-sec-max', 'session-per-sec-fivemin',
  'session-since-startup', 'session-peak-max', 'session-peak-fivemin', 'idle-cpu', 'task-runtime',
]);

/** Channel variables (without `variable_`) whose value belongs to the run. */
const VOLATILE_VARIABLES = new Set([
  'session_id', 'sip_cseq', 'sip_to_tag', 'sip_from_tag', 'local_media_port', 'remote_media_port', 'rtp_use_ssrc',
  'duration', 'billsec', 'progresssec', 'answersec', 'waitsec', 'progress_mediasec', 'flow_billsec', 'mduration',
  'billmsec', 'progressmsec', 'answermsec', 'waitmsec', 'progress_mediamsec', 'flow_billmsec', 'uduration', 'billusec',
  'progressusec', 'answerusec', 'waitusec', 'progress_mediausec', 'flow_billusec', 'hold_accum_seconds',
  'hold_accum_usec', 'hold_accum_ms', 'playback_last_offset_pos', 'playback_seconds', 'playback_ms',
  'playback_samples', 'record_file_size', 'record_samples', 'record_seconds', 'record_ms',
]);

/** Values rewritten piece by piece: SIP identifiers inside URIs, Via headers and SDP. */
const PIECE_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/tag=[A-Za-z0-9]+/g, 'tag=<tag>'],
  [/branch=z9hG4bK[A-Za-z0-9]+/g, 'branch=<branch>'],
  [/o=FreeSWITCH \d+ \d+ IN IP4 [0-9.]+/g, 'o=FreeSWITCH <id> <id> IN IP4 <ip>'],
  [/m=audio \d+/g, 'm=audio <port>'],
];

export class Normaliser {
  private readonly uuids = new Map<string, number>();

  /** One frame as text: its headers (volatile values replaced), then its body or its event. */
  frame(frame: WireFrame): string {
    const type = frame.headers.find(([name]) => name === 'Content-Type')?.[1] ?? '';
    const head = frame.headers.map(([name, value]) => `${name}: ${this.value(name, value, false)}`).join('\n');
    if (type === 'text/event-plain') return `${head}\n${this.event(parsePlainEvent(frame.body), true)}`;
    if (type === 'text/event-json') return `${head}\n${this.event(parseJsonEvent(frame.body), false)}`;
    if (type === 'text/event-xml') return `${head}\n${this.event(parseXmlEvent(frame.body), true)}`;
    return `${head}\n${this.body(type, frame.body)}`;
  }

  private event(event: { headers: Array<[string, string]>; body: string | undefined }, encoded: boolean): string {
    const lines = event.headers.map(([name, value]) => `  ${name}: ${this.value(name, value, encoded)}`);
    if (event.body !== undefined) lines.push(`  <body> ${JSON.stringify(this.text(event.body))}`);
    return lines.join('\n');
  }

  /** A header value: URL-decoded only when a rule has to look inside it. */
  value(name: string, raw: string, encoded: boolean): string {
    const lower = name.toLowerCase();
    const variable = lower.startsWith('variable_') ? lower.slice('variable_'.length) : undefined;
    if (VOLATILE_HEADERS.has(lower)) return '<volatile>';
    if (/^caller-.*-time$|^caller-channel-(last-hold|hold-accum)$|^other-leg-.*-time$/.test(lower)) return raw === '0' ? '0' : '<time>';
    if (variable !== undefined) {
      if (VOLATILE_VARIABLES.has(variable) || variable.startsWith('rtp_audio_')) return '<volatile>';
      if (/_(epoch|uepoch)$/.test(variable)) return raw === '0' ? '0' : '<time>';
      if (/_stamp$/.test(variable)) return '<time>';
    }
    const decoded = encoded ? lenientDecode(raw) : raw;
    const pieces = PIECE_RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), decoded);
    if (pieces !== decoded) return `{${this.text(pieces)}}`;
    return this.text(raw);
  }

  /** UUIDs become <uuid:n>, numbered by first appearance in this stream. */
  text(value: string): string {
    return value.replace(UUID, (uuid) => {
      const key = uuid.toLowerCase();
      let id = this.uuids.get(key);
      if (id === undefined) {
        id = this.uuids.size + 1;
        this.uuids.set(key, id);
      }
      return `<uuid:${id}>`;
    });
  }

  private body(type: string, body: string): string {
    if (type === 'log/data') return JSON.stringify(body.replace(/^\S+ \S+ \S+%/, '<stamp> <cpu>%'));
    if (body.startsWith('{"row_count"')) return this.showRows(body);
    if (body.startsWith('UP ')) return JSON.stringify(body.replace(/\d+/g, '<n>'));
    return JSON.stringify(this.text(body));
  }

  // `show ... as json`: each row's volatile columns replaced, the rest compared as written.
  private showRows(body: string): string {
    const parsed = JSON.parse(body) as { row_count: number; rows?: Array<Record<string, string>> };
    const rows = (parsed.rows ?? []).map((row) =>
      Object.entries(row).map(([column, value]) =>
        ['created', 'created_epoch', 'hostname', 'b_created', 'b_created_epoch', 'call_created_epoch'].includes(column) && value !== ''
          ? `${column}=<volatile>`
          : `${column}=${this.text(value)}`,
      ),
    );
    return JSON.stringify({ row_count: parsed.row_count, rows, trailingNewline: body.endsWith('\n') });
  }
}

export function parsePlainEvent(text: string): { headers: Array<[string, string]>; body: string | undefined } {
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const headers = head.split('\n').filter((line) => line !== '').map((line): [string, string] => {
    const colon = line.indexOf(': ');
    return colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 2)];
  });
  const body = end < 0 ? undefined : text.slice(end + 2);
  return { headers, body: body === '' ? undefined : body };
}

/** A JSON event keeps its key order and any repeated keys, so it is read token by token. */
export function parseJsonEvent(text: string): { headers: Array<[string, string]>; body: string | undefined } {
  const headers: Array<[string, string]> = [];
  let body: string | undefined;
  const pattern = /"((?:[^"\\]|\\.)*)":"((?:[^"\\]|\\.)*)"/g;
  for (const match of text.matchAll(pattern)) {
    const name = JSON.parse(`"${match[1]!}"`) as string;
    const value = JSON.parse(`"${match[2]!}"`) as string;
    if (name === '_body') body = value;
    else headers.push([name, value]);
  }
  return { headers, body };
}

export function parseXmlEvent(text: string): { headers: Array<[string, string]>; body: string | undefined } {
  const headersBlock = /<headers>\n([\s\S]*?)\n {2}<\/headers>/.exec(text)?.[1] ?? '';
  const headers = [...headersBlock.matchAll(/^ {4}<([^>]+)>(.*)<\/\1>$/gm)].map((m): [string, string] => [m[1]!, m[2]!]);
  const body = /<body>([\s\S]*?)<\/body>/.exec(text)?.[1];
  const length = /<Content-Length>(\d+)<\/Content-Length>/.exec(text)?.[1];
  if (length !== undefined) headers.push(['Content-Length', length]);
  return { headers, body };
}

function lenientDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}
