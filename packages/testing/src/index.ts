export {
  testServers,
  testDatabaseServer,
  testNatsServer,
  exportTestServerUrls,
  stopTestServers,
  checkPostgres,
  checkNats,
  redactUrl,
  ServerSource,
  TestServerUnavailableError,
  LOCAL_DATABASE_URL,
  LOCAL_NATS_URL,
  type LocatedServer,
  type TestServers,
} from './servers.js';
export { dockerAnswers, dockerEndpoints } from './docker.js';
export {
  createTestDatabase,
  sweepStaleTestDatabases,
  testDatabaseName,
  testDatabaseCreatedAtMs,
  TEST_DATABASE_PREFIX,
  STALE_AFTER_MS,
  type TestDatabase,
  type TestDatabaseOptions,
} from './test-database.js';
export { createTestNamespace, CLEANUP_TIMEOUT_MS, type TestNamespace } from './test-namespace.js';
export {
  startStack,
  freePort,
  processCpuMs,
  ServiceKind,
  StackStartError,
  type Stack,
  type StackNode,
  type StackOptions,
  type ServiceProcess,
  type ProcessExit,
} from './stack.js';
