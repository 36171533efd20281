import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load-scenario.js';
import { MediaCatalog } from './media-catalog.js';

describe('MediaCatalog › how long a sound plays', () => {
  const catalog = new MediaCatalog(parseScenario({ media: { defaultFileMs: 2000, ttsMsPerChar: 50, files: { 'ivr/menu.wav': 4000 } } }).media);

  it.each([
    ['a file the scenario names', 'ivr/menu.wav', 4000],
    ['a file it does not name', 'other.wav', 2000],
    ['speak: with engine and voice plays for its text', 'speak:flite|kal|Press one', 450],
    ['speak: with a voice only', 'speak:kal|Press one', 450],
    ['silence_stream of 300 ms', 'silence_stream://300', 300],
  ])('%s', (_what, path, ms) => {
    expect(catalog.info(path).durationMs).toBe(ms);
  });

  it('a scenario entry matching speak: prompts sets their length', () => {
    const named = new MediaCatalog(parseScenario({ media: { ttsMsPerChar: 50, files: { '/^speak:/': 20_000 } } }).media);
    expect(named.info('speak:flite|kal|Press one').durationMs).toBe(20_000);
  });
});
