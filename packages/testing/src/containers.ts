// Starts PostgreSQL and NATS (JetStream) in Docker through testcontainers, once per process. Loaded lazily,
// so machines without Docker never load the Docker client.
import type { StartedTestContainer } from 'testcontainers';

export const POSTGRES_IMAGE = 'postgres:16';
export const NATS_IMAGE = 'nats:2.10';
const STARTUP_TIMEOUT_MS = 120_000;

const started: StartedTestContainer[] = [];

export async function startPostgresContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(POSTGRES_IMAGE)
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
    .withExposedPorts(5432)
    // The entrypoint starts the server twice (init, then for real): wait for the second "ready".
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  started.push(container);
  return `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/test`;
}

export async function startNatsContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(NATS_IMAGE)
    .withCommand(['-js'])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  started.push(container);
  return `nats://${container.getHost()}:${container.getMappedPort(4222)}`;
}

/** Stops what this process started (testcontainers' reaper would also remove them when it exits). */
export async function stopContainers(): Promise<void> {
  const stopping = started.splice(0);
  await Promise.allSettled(stopping.map((container) => container.stop()));
}
