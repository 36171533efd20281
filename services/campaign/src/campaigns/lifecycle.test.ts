import { describe, expect, it } from 'vitest';
import type { CampaignState } from '@ringpace/db';
import { checkTransition, Transition } from './lifecycle.js';

const states: CampaignState[] = ['draft', 'ready', 'running', 'paused', 'stopped', 'completed'];

// Every (state, transition) pair: the full table, so a new state or transition cannot slip through.
const expected: Record<Transition, Partial<Record<CampaignState, CampaignState>>> = {
  prepare: { draft: 'ready' },
  start: { ready: 'running' },
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  stop: { ready: 'stopped', running: 'stopped', paused: 'stopped' },
  complete: { running: 'completed' },
};

describe('campaign life cycle', () => {
  for (const transition of Object.values(Transition)) {
    for (const state of states) {
      const to = expected[transition][state];
      it(`lifecycle › ${transition} from ${state} ${to ? `→ ${to}` : 'is refused'}`, () => {
        const check = checkTransition(state, transition);
        if (to) expect(check).toEqual({ ok: true, to });
        else {
          expect(check.ok).toBe(false);
          if (!check.ok) expect(check.reason).toContain(`is ${state}`);
        }
      });
    }
  }
});
