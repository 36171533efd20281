// A scripted FreeSWITCH stand-in for client tests that need answers no capture holds (a channel list
// with attempt variables, a changed subscription). Its frames have the recorded byte layout; a test
// checks that against b_api_commands.
import { createServer, type Socket } from 'node:net';

export const commandReply = (text: string): string => `Content-Type: command/reply\nReply-Text: ${text}\n\n`;
export const apiResponse = (body: string): string => `Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`;

export interface FakeNode {
  readonly port: number;
  /** Drops every open connection (the client should reconnect). */
  dropAll(): void;
  close(): Promise<void>;
}

/** Sends auth/request on connect, then answers each command line (headers included) with `answer(command)`. */
export async function fakeNode(answer: (command: string) => string): Promise<FakeNode> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('Content-Type: auth/request\n\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let end: number;
      while ((end = pending.indexOf('\n\n')) !== -1) {
        const command = pending.slice(0, end);
        pending = pending.slice(end + 2);
        socket.write(answer(command));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: (server.address() as { port: number }).port,
    dropAll,
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}
