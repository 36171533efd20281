// Small network helpers of the infrastructure bootstrap: free ports, TCP probes, and whether a URL names
// this machine (only then may the bootstrap start a server in place of the one that did not answer).
import { connect, createServer } from 'node:net';

export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tcpAnswers(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function isLocalHost(hostname) {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === '' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The URL with its password replaced, for messages. */
export function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
