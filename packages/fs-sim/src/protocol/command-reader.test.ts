import { describe, expect, it } from 'vitest';
import { CommandReader, MAX_BODY_BYTES, MAX_COMMAND_BYTES, commandHeader } from './command-reader.js';

const read = (...chunks: string[]): Array<{ line: string; headers: ReadonlyArray<readonly [string, string]>; body: string | undefined }> => {
  const reader = new CommandReader();
  return chunks.flatMap((chunk) => {
    const result = reader.push(Buffer.from(chunk));
    if (!result.ok) throw new Error(result.reason);
    return result.commands;
  });
};

describe('CommandReader › commands split as read_packet() splits them', () => {
  it('two commands pipelined in one write are two commands (h)', () => {
    expect(read('api version\n\napi show channels count\n\n').map((c) => c.line)).toEqual(['api version', 'api show channels count']);
  });

  it('a command split across writes waits for its blank line', () => {
    expect(read('api sta', 'tus\n', '\n').map((c) => c.line)).toEqual(['api status']);
  });

  it('blank lines between commands are thrown away', () => {
    expect(read('\n\n\r\nexit\n\n').map((c) => c.line)).toEqual(['exit']);
  });

  it('CR LF line ends work: a CR does not reset the newline count', () => {
    expect(read('auth ClueCon\r\n\r\n').map((c) => c.line)).toEqual(['auth ClueCon']);
  });

  it('header lines follow the command; a line without a colon is ignored', () => {
    const [command] = read('sendmsg u\ncall-command: execute\nno colon here\nexecute-app-name:   park\n\n');
    expect(command!.headers).toEqual([['call-command', 'execute'], ['execute-app-name', 'park']]);
    expect(commandHeader(command!, 'EXECUTE-APP-NAME')).toBe('park');
  });

  it('a Content-Length header makes that many body bytes follow, even across writes', () => {
    const commands = read('sendevent CUSTOM\nContent-Length: 5\n\nhel', 'lo', 'exit\n\n');
    expect(commands.map((c) => [c.line, c.body])).toEqual([['sendevent CUSTOM', 'hello'], ['exit', undefined]]);
  });

  it.each([['-3'], ['abc'], ['0']])('a Content-Length of %s reads no body', (length) => {
    expect(read(`sendevent CUSTOM\nContent-Length: ${length}\n\nexit\n\n`).map((c) => c.line)).toEqual(['sendevent CUSTOM', 'exit']);
  });

  it('a body larger than the simulator accepts ends the connection', () => {
    const reader = new CommandReader();
    expect(reader.push(Buffer.from(`sendevent CUSTOM\nContent-Length: ${MAX_BODY_BYTES + 1}\n\n`))).toEqual({ ok: false, reason: 'body-too-large' });
  });

  it('an endless line is cut into a command at 10 MiB, as read_packet does', () => {
    const reader = new CommandReader();
    const result = reader.push(Buffer.alloc(MAX_COMMAND_BYTES + 10, 'x'));
    expect(result.ok && result.commands.map((c) => c.line.length)).toEqual([MAX_COMMAND_BYTES]);
  });
});
