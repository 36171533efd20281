import { describe, expect, it } from 'vitest';
import { CLASSIC_NOTICE_YAML } from './examples.js';
import { validateFlowText } from './validate-text.js';

describe('examples', () => {
  it('examples › the classic notice YAML validates against contacts with an amount column', () => {
    const result = validateFlowText(CLASSIC_NOTICE_YAML, { contactFields: ['amount'] });
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
