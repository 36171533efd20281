// webhook: the tenant's HTTP endpoint, bounded by the request's timeout, the flow's abort and the
// callee's hang-up; a reply's body is JSON when it parses, else its text. Redirects are not followed (the
// URL was checked when the flow was saved; a redirect could lead anywhere) and a reply is read up to
// MAX_REPLY_BYTES, so a tenant's endpoint cannot fill the media process's memory.
import type { WebhookOutcome, WebhookRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';

export const MAX_REPLY_BYTES = 256 * 1024;

/** The reply's text, or an error once it passes `limit` bytes. */
async function readLimited(response: Response, limit: number): Promise<string> {
  if (response.body === null) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`the reply is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function execWebhook(ch: ChannelControl, request: WebhookRequest, signal: AbortSignal): Promise<WebhookOutcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const bound = AbortSignal.any([timeout, signal, ch.ended.signal()]);
  let url = request.url;
  const init: RequestInit = { method: request.method, signal: bound, redirect: 'manual', headers: { accept: 'application/json' } };
  if (request.method === 'GET') {
    const target = new URL(request.url);
    for (const [name, value] of Object.entries(request.body)) target.searchParams.set(name, value);
    url = target.toString();
  } else {
    init.body = JSON.stringify(request.body);
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
  }
  try {
    const response = await fetch(url, init);
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return { kind: 'error', message: `the endpoint answered a redirect (${response.status}); redirects are not followed` };
    }
    const text = await readLimited(response, MAX_REPLY_BYTES);
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: the flow sees the text; `assign` will find no field in it.
    }
    return { kind: 'reply', status: response.status, body };
  } catch (error) {
    if (signal.aborted) throw signal.reason as Error;
    if (timeout.aborted) return { kind: 'timeout' };
    if (ch.ended.aborted) return { kind: 'error', message: 'the call ended' };
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
