export { createLogger, silentLogger, type Logger, type LogLevel, type LoggerOptions } from './logger.js';
export { maskPhone, maskText, maskPhonesInText, maskValue } from './mask.js';
