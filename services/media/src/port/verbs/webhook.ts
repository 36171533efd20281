// webhook: the tenant's HTTP endpoint, bounded by the request's timeout, the flow's abort and the
// callee's hang-up; a reply's body is JSON when it parses, else its text.
import type { WebhookOutcome, WebhookRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';

export async function execWebhook(ch: ChannelControl, request: WebhookRequest, signal: AbortSignal): Promise<WebhookOutcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const bound = AbortSignal.any([timeout, signal, ch.ended]);
  let url = request.url;
  const init: RequestInit = { method: request.method, signal: bound, headers: { accept: 'application/json' } };
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
    const text = await response.text();
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
