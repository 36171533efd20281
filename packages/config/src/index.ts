export { loadConfig, ConfigError, type ConfigProblem, type Env } from './load-config.js';
export {
  logLevel,
  urlWithProtocols,
  postgresUrl,
  natsUrl,
  port,
  listenAddress,
  positiveIntMs,
  booleanFlag,
  secret,
} from './schemas.js';
export { handleStopSignals, type Drain, type StopLog, type StopSignalOptions } from './stop-signals.js';
