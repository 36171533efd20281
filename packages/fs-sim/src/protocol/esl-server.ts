// The TCP listener of the simulated event socket (mod_event_socket_runtime): accepts connections, hands each
// one to an EslConnection, and applies the connection-level faults (drop, stall, slow events).
import net from 'node:net';
import type { Logger } from '@ringpace/log';
import { type ConnectionFaults, EslConnection } from './esl-connection.js';
import type { EslHost } from './esl-host.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export class EslServer {
  readonly faults: ConnectionFaults = { stallUntilMs: 0, eventDelayMs: 0 };
  private readonly connections = new Set<EslConnection>();
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  /** While a restart is under way the switch is down: new connections are refused (closed at once). */
  accepting = true;

  constructor(
    private readonly host: EslHost,
    private readonly log: Logger,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(address: ListenAddress): Promise<ListenAddress> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(address.port, address.host, () => {
        this.server.off('error', reject);
        const bound = this.server.address() as net.AddressInfo;
        resolve({ host: bound.address, port: bound.port });
      });
    });
  }

  private accept(socket: net.Socket): void {
    if (!this.accepting) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.sockets.add(socket);
    // What one turn of the event loop writes goes out as one write: a call's burst of events costs one
    // socket write instead of one each. Order is kept; end() sends what is pending first.
    let pending: string[] = [];
    let pendingBytes = 0;
    const flush = (): void => {
      if (pending.length === 0) return;
      const text = pending.length === 1 ? pending[0]! : pending.join('');
      pending = [];
      pendingBytes = 0;
      if (!socket.destroyed) socket.write(text);
    };
    const connection = new EslConnection(
      this.host,
      {
        write: (text) => {
          if (socket.destroyed) return;
          if (pending.length === 0) setImmediate(flush);
          pending.push(text);
          pendingBytes += text.length;
        },
        end: () => {
          flush();
          socket.end();
        },
        destroy: () => socket.destroy(),
        get bufferedBytes() {
          return socket.writableLength + pendingBytes;
        },
      },
      this.faults,
      (closed) => this.connections.delete(closed),
    );
    this.connections.add(connection);
    socket.on('data', (chunk: Buffer) => connection.receive(chunk));
    socket.on('close', () => {
      this.sockets.delete(socket);
      connection.peerClosed();
    });
    socket.on('error', (error) => {
      this.log.debug({ err: error }, 'event socket connection error');
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Fault: every connection is cut without a notice. */
  dropAll(): void {
    for (const connection of [...this.connections]) connection.drop();
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    for (const connection of [...this.connections]) connection.shutdown('The system is being shut down.\n');
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
