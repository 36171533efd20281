import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawEslClient } from '../testing/raw-esl-client.js';
import { type FsSim, startFsSim } from '../sim/start-fs-sim.js';
import { CalleeBook } from './callee-book.js';
import { loadScenarioFile, parseScenarioText } from './load-scenario.js';
import { BEHAVIOURS } from './scenario-schema.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEMO = resolve(packageDir, 'scenarios/demo.yaml');
const DOC = resolve(packageDir, '../../docs/fs-sim.md');
const DEMO_CAMPAIGN = resolve(packageDir, 'scenarios/demo-campaign.yaml');

describe('shipped scenarios › the demo file and the documented example', () => {
  it('demo-campaign.yaml (make demo) loads, with the carrier gateway the demo trunk group dials through', async () => {
    const scenario = await loadScenarioFile(DEMO_CAMPAIGN);
    expect(scenario.gateways.map((gateway) => gateway.name)).toContain('carrier');
    expect(scenario.callees.length).toBeGreaterThan(5);
    expect(scenario.callees.some((callee) => callee.calls !== undefined)).toBe(true);
  });

  it('demo.yaml loads, uses every behaviour, and each of its 700 numbers has an entry of its own', async () => {
    const scenario = await loadScenarioFile(DEMO);
    const used = new Set(scenario.callees.flatMap((callee) => (callee.mix ?? [callee]).map((entry) => entry.behaviour)));
    expect([...used].sort()).toEqual([...BEHAVIOURS].sort());
    // A number no entry matches would get `otherwise` (unallocated: a 404 at once).
    const otherwise = JSON.stringify(new CalleeBook({ ...scenario, callees: [] }, 1).planFor('15550100000'));
    const book = new CalleeBook(scenario, 1);
    for (let block = 0; block <= 6; block++) {
      for (let n = 0; n < 100; n++) {
        const number = `1555010${block}0${String(n).padStart(2, '0')}`;
        const plans = [book.planFor(number), book.planFor(`+${number}`), book.planFor(number)].map((plan) => JSON.stringify(plan));
        expect(plans.every((plan) => plan !== otherwise), number).toBe(true);
      }
    }
  });

  it('the example of docs/fs-sim.md is a valid scenario', async () => {
    const doc = await readFile(DOC, 'utf8');
    const example = /## An example\s+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const scenario = parseScenarioText(example!, 'docs/fs-sim.md');
    expect(scenario.gateways.map((gateway) => gateway.name)).toEqual(['carrier']);
  });
});

describe('shipped scenarios › the demo, dialled', () => {
  let sim: FsSim;
  let esl: RawEslClient;

  beforeAll(async () => {
    sim = await startFsSim({ password: 'ClueCon', scenario: DEMO, speed: 100, seed: 7 });
    esl = await RawEslClient.authed(sim.port, 'ClueCon');
  });
  afterAll(async () => {
    esl.close();
    await sim.stop();
  });

  it.each([
    ['people who answer', '+15550100042', /^\+OK /],
    ['answering machines', '15550101007', /^\+OK /],
    ['the hard-to-reach', '15550102013', /^-ERR (USER_BUSY|NO_ANSWER)\n$/],
    ['numbers that do not work', '15550103099', /^-ERR (UNALLOCATED_NUMBER|CALL_REJECTED|NORMAL_TEMPORARY_FAILURE|NETWORK_OUT_OF_ORDER)\n$/],
    ['early media', '15550104050', /^-ERR (UNALLOCATED_NUMBER|NO_USER_RESPONSE)\n$/],
    ['IVR callers', '15550105001', /^\+OK /],
    ['the fixed script', '15550106000', /^\+OK /],
    ['a number outside the blocks', '15559999999', /^-ERR UNALLOCATED_NUMBER\n$/],
  ])('%s › originate %s through carrier-a', async (_what, number, expected) => {
    expect(await esl.api(`originate {originate_timeout=60}sofia/gateway/carrier-a/${number} &park()`)).toMatch(expected);
  });
});
