import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { capturePath, loadCapture } from '../testing/fixtures.js';
import { replayCapture } from './replay.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/esl-replay.ts', import.meta.url));

describe('esl-replay', () => {
  it('prints one decoded line per server frame: content type, headers, body, and for events name, Unique-ID, headers [c6]', async () => {
    const lines = replayCapture(await loadCapture('c6_myevents_linger'), '<');
    expect(lines.map((line) => line.kind)).toEqual([
      'auth-request',
      'command-reply',
      'api-response',
      'command-reply',
      'command-reply',
      'command-reply',
      'command-reply',
      'api-response',
      'event',
      'disconnect-notice',
      'event',
      'event',
      'event',
      'event',
      'event',
      'api-response',
      'command-reply',
      'disconnect-notice',
    ]);
    expect(lines[8]).toMatchObject({
      t_ms: 826,
      contentType: 'text/event-plain',
      event: { name: 'CHANNEL_HANGUP', uniqueId: '187a6396-ba1f-4413-942b-3fd1ba782547', format: 'plain', headers: { 'Hangup-Cause': 'NORMAL_CLEARING' } },
    });
    expect(lines[9]).toMatchObject({ disposition: 'linger', headers: { 'Content-Length': '0', 'Linger-Time': '-1' }, body: '' });
  });

  it("prints the client's commands with --dir '>' [f]", async () => {
    const lines = replayCapture(await loadCapture('f_sendmsg_call_control'), '>');
    expect(lines[0]).toMatchObject({ command: 'auth ClueCon', headers: {} });
    expect(lines.find((line) => line.command === 'sendmsg a114261e-d142-4029-97c6-b43898aa762f' && (line.headers as Record<string, string>)['event-lock'] === 'true')).toMatchObject({
      headers: { 'call-command': 'execute', 'execute-app-name': 'read', 'Event-UUID': 'f-app-0003' },
    });
  });

  it('reports a stream that breaks the protocol as a last error line', () => {
    const records = [{ tMs: 0, dir: '<' as const, data: Buffer.from('Content-Type: auth/request\n\nnot a header\n\n') }];
    expect(replayCapture(records, '<')).toEqual([
      { t_ms: 0, kind: 'auth-request', contentType: 'auth/request', headers: { 'Content-Type': 'auth/request' } },
      { t_ms: 0, error: expect.objectContaining({ name: 'EslProtocolError', violation: 'malformed-header' }) as unknown },
    ]);
  });

  it('the bin prints the same lines as JSON, one per line, and exits 0', async () => {
    const file = capturePath('b_api_commands');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', bin, file]);
    const printed = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(printed).toEqual(JSON.parse(JSON.stringify(replayCapture(await loadCapture('b_api_commands'), '<'))));
  });

  it('the bin refuses a bad --dir with exit code 2', async () => {
    await expect(run(process.execPath, ['--import', 'tsx', bin, capturePath('b_api_commands'), '--dir', 'x'])).rejects.toMatchObject({ code: 2 });
  });
});
