export { startDialerApp, type DialerApp, type DialerAppDeps, type DialerSettings } from './app.js';
export { dialerConfigSchema, type DialerConfig } from './config.js';
export { selectCallerId, CallerIdMode, type CallerIdChoice } from './claim/caller-id.js';
