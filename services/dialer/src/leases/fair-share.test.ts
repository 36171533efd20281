import { describe, expect, it } from 'vitest';
import { fairShare, preferenceOrder } from './fair-share.js';

describe('fairShare', () => {
  it.each<[string, number, string[], string, number]>([
    ['a lone pod holds every trunk', 5, ['a'], 'a', 5],
    ['two pods split an even count', 4, ['a', 'b'], 'b', 2],
    ['the first pods by id take the remainder', 5, ['b', 'a'], 'a', 3],
    ['the last pod takes what is left', 5, ['a', 'b'], 'b', 2],
    ['more pods than trunks leaves some with none', 2, ['a', 'b', 'c'], 'c', 0],
    ['a pod missing from the list counts itself', 4, ['a'], 'b', 2],
    ['no trunks, no share', 0, ['a'], 'a', 0],
  ])('fair share › %s', (_name, trunks, pods, pod, expected) => {
    expect(fairShare(trunks, pods, pod)).toBe(expected);
  });

  it('fair share › the shares of all pods add up to the trunks', () => {
    const pods = ['p1', 'p2', 'p3', 'p4'];
    for (let trunks = 0; trunks < 20; trunks += 1) {
      expect(pods.reduce((sum, pod) => sum + fairShare(trunks, pods, pod), 0)).toBe(trunks);
    }
  });
});

describe('preferenceOrder', () => {
  const trunks = Array.from({ length: 8 }, (_, i) => ({ id: `trunk-${i}` }));

  it('preference › is a permutation that is stable for a pod', () => {
    const order = preferenceOrder('pod-a', trunks);
    expect(order.map((t) => t.id).sort()).toEqual(trunks.map((t) => t.id).sort());
    expect(preferenceOrder('pod-a', [...trunks].reverse())).toEqual(order);
  });

  it('preference › differs between pods', () => {
    expect(preferenceOrder('pod-a', trunks)).not.toEqual(preferenceOrder('pod-b', trunks));
  });
});
