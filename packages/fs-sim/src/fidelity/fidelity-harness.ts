// Runs one capture against a fresh simulator and returns both sides normalised, frame by frame.
import { fileURLToPath } from 'node:url';
import { startFsSim } from '../sim/start-fs-sim.js';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { loadCapture } from './capture.js';
import { Normaliser } from './normaliser.js';
import { replayCapture } from './replay.js';

export const CAPTURES_DIR = fileURLToPath(new URL('../../fixtures/captures/', import.meta.url));

/** The recording setup of the k transcripts: the `callees` gateway and its dialplan (captures README). */
export const CALLEES_SCENARIO: ScenarioInput = {
  node: { hostname: 'vm', ipv4: '192.0.2.2', ipv6: 'fd00::2' },
  gateways: [{ name: 'callees', proxy: '127.0.0.1:5080', sdpOriginIp: '192.0.2.2', username: 'ringpace' }],
  callees: [
    // ring_ready, sleep 1000, answer, 1 s tone, sleep 500, send_dtmf 1#, sleep 8000, hangup
    { match: '1001', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 1000 }, { do: 'answer' }, { do: 'wait', ms: 1500 }, { do: 'dtmf', digits: '1#' }, { do: 'wait', ms: 8000 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }] },
    // The far end is FreeSWITCH: its refusals carry `Reason: Q.850;cause=...`.
    { match: '1002', behaviour: 'script', steps: [{ do: 'refuse', status: 486, q850: 17 }] },
    { match: '1003', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 60000 }, { do: 'refuse', status: 480, q850: 19 }] },
    { match: '1004', behaviour: 'script', steps: [{ do: 'refuse', status: 404, q850: 1 }] },
    { match: '1005', behaviour: 'script', steps: [{ do: 'refuse', status: 603, q850: 21 }] },
    { match: '1006', behaviour: 'script', steps: [{ do: 'refuse', status: 480, q850: 18 }] },
    { match: '1007', behaviour: 'script', steps: [{ do: 'answer' }, { do: 'wait', ms: 500 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }] },
    { match: '1008', behaviour: 'script', steps: [{ do: 'progress' }, { do: 'wait', ms: 1500 }, { do: 'refuse', status: 404, q850: 1 }] },
    { match: '1009', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 500 }, { do: 'answer' }] },
  ],
  otherwise: { behaviour: 'script', steps: [{ do: 'refuse', status: 404, q850: 3 }] },
};

export interface FidelityRun {
  readonly captured: string[];
  readonly simulated: string[];
}

export interface FidelityOptions {
  readonly scenario?: ScenarioInput;
  readonly speed?: number;
  /** Simulated time to let pass after the start, before connecting (aligns the heartbeat schedule). */
  readonly warmUpMs?: number;
  readonly rewrite?: (data: Buffer, index: number) => Buffer | undefined;
}

export async function runCapture(name: string, options: FidelityOptions = {}): Promise<FidelityRun> {
  const records = loadCapture(`${CAPTURES_DIR}${name}.jsonl`);
  const speed = options.speed ?? 20;
  const sim = await startFsSim({ password: 'ClueCon', scenario: options.scenario ?? CALLEES_SCENARIO, speed });
  try {
    if (options.warmUpMs) await new Promise((resolve) => setTimeout(resolve, options.warmUpMs! / speed));
    const result = await replayCapture(records, { port: sim.port, ...(options.rewrite ? { rewrite: options.rewrite } : {}) });
    const capturedNormaliser = new Normaliser();
    const simulatedNormaliser = new Normaliser();
    return {
      captured: result.captured.map((frame) => capturedNormaliser.frame(frame)),
      simulated: result.simulated.map((frame) => simulatedNormaliser.frame(frame)),
    };
  } finally {
    await sim.stop();
  }
}
