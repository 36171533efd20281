// webhook: ask the tenant's own system over HTTP (within `timeout`) and copy fields of its JSON reply into
// variables (`assign`). A timeout, a network error, a non-2xx status or a missing field goes to `onError`.
import { z } from 'zod';
import { HttpMethod } from '../call-port.js';
import { durationField, formatDuration } from '../duration.js';
import { boundFields, fieldName, nodeRef, templateText } from '../schema-parts.js';
import type { WebhookCall } from '../trace.js';
import { mergeMissing, missingDetail, noFacts, type NodeFacts, type VerbContext, type VerbOutcome } from './verb.js';

/** Variables stay small: they go into speech, events and reports. */
export const MAX_VARIABLE_LENGTH = 1000;

/** Why a webhook URL is refused, if it is. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be an http or https URL, not ${parsed.protocol.replace(/:$/, '')}`;
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry a user name or password';
  return undefined;
}

const replyPath = z.string('must be a field of the reply').regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'a reply field is a dotted path such as "balance" or "account.status"');

export const webhookSchema = z
  .strictObject({
    verb: z.literal('webhook'),
    url: z
      .string('must be a URL')
      .max(2000, 'must be at most 2000 characters')
      .superRefine((url, ctx) => {
        const message = webhookUrlProblem(url);
        if (message !== undefined) ctx.addIssue({ code: 'custom', message, params: { problem: 'bad_url' } });
      }),
    method: z.enum([HttpMethod.Get, HttpMethod.Post], 'must be GET or POST').default(HttpMethod.Post),
    body: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a body key has up to 64 letters, digits, ".", "-" or "_"'), templateText(1000), 'must map keys to values').default({}),
    timeout: durationField({ min: '100ms', max: '10s', default: '3s' }),
    assign: z.record(fieldName, replyPath, 'must map variable names to reply fields').default({}),
    next: nodeRef,
    onError: nodeRef,
    ...boundFields,
  })
  .transform(({ timeout, ...rest }) => ({ ...rest, timeoutMs: timeout }));

export type WebhookNode = z.output<typeof webhookSchema> & { readonly id: string };

export function webhookFacts(node: WebhookNode): NodeFacts {
  return {
    ...noFacts,
    edges: [
      { path: ['next'], target: node.next },
      { path: ['onError'], target: node.onError },
    ],
    templates: Object.entries(node.body).map(([key, template]) => ({ path: ['body', key], template })),
    sets: Object.keys(node.assign).map((name) => ({ path: ['assign', name], name })),
  };
}

/** The value at a dotted path of a JSON reply, as a variable string; undefined when absent. */
function valueAt(body: unknown, path: string): string | undefined {
  let current: unknown = body;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (current !== null && typeof current === 'object' && Object.hasOwn(current, key)) current = (current as Record<string, unknown>)[key];
    else return undefined;
  }
  if (current === undefined) return undefined;
  if (current === null) return '';
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return JSON.stringify(current);
}

/** The variables a reply fills, or why it cannot fill them. */
function assignFrom(node: WebhookNode, body: unknown): { ok: true; set: Record<string, string> } | { ok: false; error: string } {
  const set: Record<string, string> = {};
  for (const [name, path] of Object.entries(node.assign)) {
    const value = valueAt(body, path);
    if (value === undefined) return { ok: false, error: `the reply has no field ${path}` };
    if (value.length > MAX_VARIABLE_LENGTH) return { ok: false, error: `the reply field ${path} is longer than ${MAX_VARIABLE_LENGTH} characters` };
    set[name] = value;
  }
  return { ok: true, set };
}

export async function execWebhook(node: WebhookNode, ctx: VerbContext): Promise<VerbOutcome> {
  const body: Record<string, string> = {};
  let missing: string[] = [];
  for (const [key, template] of Object.entries(node.body)) {
    const rendered = ctx.render(template);
    body[key] = rendered.text;
    missing = mergeMissing(missing, rendered.missing);
  }
  const outcome = await ctx.port.webhook({ nodeId: node.id, method: node.method, url: node.url, body, timeoutMs: node.timeoutMs }, ctx.signal);
  const call: WebhookCall = { method: node.method, url: node.url, body };
  const failed = (error: string, status?: number): VerbOutcome => ({
    kind: 'next',
    edge: ['onError'],
    target: node.onError,
    detail: { webhook: { ...call, ...(status === undefined ? {} : { status }), error }, ...missingDetail(missing) },
  });
  if (outcome.kind === 'timeout') return failed(`no reply within ${formatDuration(node.timeoutMs)}`);
  if (outcome.kind === 'error') return failed(outcome.message);
  if (outcome.status < 200 || outcome.status > 299) return failed(`HTTP status ${outcome.status}`, outcome.status);
  const assigned = assignFrom(node, outcome.body);
  if (!assigned.ok) return failed(assigned.error, outcome.status);
  for (const [name, value] of Object.entries(assigned.set)) ctx.variables.set(name, value);
  const set = Object.keys(assigned.set).length > 0 ? { set: assigned.set } : {};
  return { kind: 'next', edge: ['next'], target: node.next, detail: { webhook: { ...call, status: outcome.status }, ...set, ...missingDetail(missing) } };
}
