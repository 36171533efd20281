import { describe, expect, it } from 'vitest';
import { hasValuePath, mergeValues } from './helm-values.js';

describe('helm values', () => {
  it('merge › maps merge key by key, lists and scalars replace, null unsets', () => {
    const base = { image: { repository: 'r', tag: '' }, list: [1, 2], database: { existingSecret: 's', existingSecretKey: 'url' } };
    const merged = mergeValues(base, { image: { tag: '1.0' }, list: [3], database: { existingSecret: null } });
    expect(merged).toEqual({ image: { repository: 'r', tag: '1.0' }, list: [3], database: { existingSecretKey: 'url' } });
    expect(base.database.existingSecret).toBe('s');
  });

  it.each([
    [['image', 'tag'], true],
    [['image', 'tga'], false],
    [['image', 'tag', 'deeper'], false],
    [['services', '*', 'replicas'], true],
    [['services', '*', 'grpcPort'], false],
    [['empty', '*', 'x'], false],
  ])('hasValuePath › %j exists: %s', (path, exists) => {
    const values = { image: { tag: '' }, services: { a: { replicas: 1, grpcPort: 1 }, b: { replicas: 2 } }, empty: {} };
    expect(hasValuePath(values, path)).toBe(exists);
  });
});
