import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@ringpace/config';
import { mediaConfigSchema, nodesOf } from './config.js';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/rp' };

describe('media config', () => {
  it('config › a node without a password takes ESL_PASSWORD', () => {
    const config = loadConfig(mediaConfigSchema, { ...base, MEDIA_NODES: '[{"id":"fs1","host":"127.0.0.1","port":8021}]', ESL_PASSWORD: 'ClueCon' });
    expect(nodesOf(config)).toEqual([{ id: 'fs1', host: '127.0.0.1', port: 8021, password: 'ClueCon' }]);
    expect(config.BUS_NAMESPACE).toBe('rp');
    expect(config.TTS_ENGINE).toBe('flite');
  });

  it('config › every bad variable is named at once', () => {
    let error: unknown;
    try {
      loadConfig(mediaConfigSchema, { MEDIA_NODES: '[{"id":"fs 1","host":"h"}]', CLOCK_SPEED: '-1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((problem) => problem.variable);
    expect(variables).toEqual(expect.arrayContaining(['MEDIA_NODES.0.id', 'DATABASE_URL', 'CLOCK_SPEED']));
  });

  it('config › a node with no password anywhere is refused by its path', () => {
    expect(() => loadConfig(mediaConfigSchema, { ...base, MEDIA_NODES: '[{"id":"fs1","host":"h"}]' })).toThrow(/MEDIA_NODES\.0\.password/);
  });

  it('config › MEDIA_NODES that is not JSON is refused', () => {
    expect(() => loadConfig(mediaConfigSchema, { ...base, MEDIA_NODES: 'fs1:8021', ESL_PASSWORD: 'x' })).toThrow(/MEDIA_NODES: must be a JSON list/);
  });
});
