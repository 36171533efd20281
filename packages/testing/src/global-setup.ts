// A vitest globalSetup: resolves the test servers once per run — starting containers when no URL is set
// and Docker answers — and exports DATABASE_URL / NATS_URL to every test worker.
import { exportTestServerUrls, stopTestServers } from './servers.js';

export default async function setup(): Promise<() => Promise<void>> {
  await exportTestServerUrls();
  return stopTestServers;
}
