// @ringpace/fs-sim: a FreeSWITCH 1.10 simulator that speaks the event socket as the real switch does.
export { startFsSim, type FsSim, type FsSimOptions, type ChannelSnapshot } from './sim/start-fs-sim.js';
export type { PlacedCall } from './scenario/callee-book.js';
export type { FaultControl } from './sim/sim-command.js';
export { SpeedClock, type SimClock } from './core/sim-clock.js';
export { parseScenario, parseScenarioText, loadScenarioFile } from './scenario/load-scenario.js';
export { scenarioSchema, BEHAVIOURS, type Scenario, type ScenarioInput, type Behaviour } from './scenario/scenario-schema.js';
