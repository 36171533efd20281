import { ValidationError } from '@ringpace/errors';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText } from './load-scenario.js';

function violations(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => `${v.field}: ${v.message}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('scenario files › validated, with every error naming its path', () => {
  it('an empty scenario is a switch with stock limits, the internal profile, and unanswered numbers', () => {
    const scenario = parseScenario({});
    expect(scenario.node).toMatchObject({ maxSessions: 1000, sessionsPerSecond: 30 });
    expect(scenario.profiles).toEqual({ internal: { ip: '127.0.0.1', port: 5060 } });
    expect(scenario.otherwise).toEqual({ behaviour: 'no-answer' });
  });

  it('YAML and JSON read the same', () => {
    const yaml = parseScenarioText('gateways:\n  - name: carrier\n    proxy: 10.0.0.1:5060\ncallees:\n  - match: "1555*"\n    behaviour: busy\n');
    const json = parseScenarioText('{"gateways":[{"name":"carrier","proxy":"10.0.0.1:5060"}],"callees":[{"match":"1555*","behaviour":"busy"}]}');
    expect(yaml).toEqual(json);
  });

  it.each([
    ['an unknown behaviour', { callees: [{ match: '1', behaviour: 'maybe' }] }, 'demo.yaml: callees.0.behaviour'],
    ['a callee with neither behaviour nor mix', { callees: [{ match: '1' }] }, 'demo.yaml: callees.0'],
    ['a script without steps', { callees: [{ match: '1', behaviour: 'script' }] }, 'demo.yaml: callees.0.steps'],
    ['a bad regular expression', { callees: [{ match: '/[/', behaviour: 'busy' }] }, 'demo.yaml: callees.0.match'],
    ['a range whose minimum exceeds its maximum', { callees: [{ match: '1', behaviour: 'answer', ringMs: [900, 100] }] }, 'demo.yaml: callees.0.ringMs'],
    ['a SIP status that is not a final failure', { callees: [{ match: '1', behaviour: 'busy', status: 200 }] }, 'demo.yaml: callees.0.status'],
    ['bad DTMF digits', { callees: [{ match: '1', behaviour: 'answer', dtmf: [{ afterMs: 1, digits: '1x' }] }] }, 'demo.yaml: callees.0.dtmf.0.digits'],
    ['an unknown key', { gateways: [{ name: 'a', proxy: 'h', maxChanels: 3 }] }, 'demo.yaml: gateways.0'],
    ['a gateway on a profile that does not exist', { gateways: [{ name: 'a', proxy: 'h', profile: 'external' }] }, 'demo.yaml: gateways.0.profile'],
  ])('%s is reported at its path', (_name, input, path) => {
    expect(violations(() => parseScenario(input, 'demo.yaml')).some((line) => line.startsWith(path))).toBe(true);
  });

  it('two gateways with one name are refused', () => {
    expect(violations(() => parseScenario({ gateways: [{ name: 'a', proxy: 'h' }, { name: 'a', proxy: 'i' }] }, 's.json'))).toEqual([
      's.json: gateways: gateway "a" is defined twice',
    ]);
  });

  it('text that is not YAML is reported against the file', () => {
    expect(violations(() => parseScenarioText('a: [1, 2', 'broken.yaml'))[0]).toMatch(/^broken\.yaml: not YAML or JSON/);
  });
});
