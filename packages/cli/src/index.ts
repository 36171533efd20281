// @ringpace/cli: the `ringpace` command as a library, for tests and for embedding in other tools.
export { run, commandGroups, DEFAULT_ADDRESS, DEFAULT_TIMEOUT_MS } from './run.js';
export { createGrpcClient, type RingpaceClient, type ClientFactory, type ClientOptions, type ImportOptions, type Unary } from './client.js';
export { ExitCode, exitCodeOf } from './exit-codes.js';
export { nodeFiles, type CliIo, type EnvSettings, type Files, type Writer } from './io.js';
export { UsageError, FileValidationError, describeFailure, fromServiceError, type Failure, type LocatedViolation } from './errors.js';
export { readCampaignCreate, readCampaignUpdate, updatableKeys } from './campaign-file.js';
export { YamlSource } from './yaml-source.js';
