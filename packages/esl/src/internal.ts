// Test support for this package and its neighbours: the recorded captures and a server that replays them.
export { capturesDir, captureNames, capturePath, loadCapture } from './testing/fixtures.js';
export { startReplayServer, type ReplayScript, type ReplayServer } from './testing/replay-server.js';
export { issueRecordedCommands, subscriptionOf, type RecordedCommand, type Outcome } from './testing/capture-driver.js';
export * as commandText from './commands/command-text.js';
