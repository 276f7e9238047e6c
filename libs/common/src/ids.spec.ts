import { describe, expect, it } from '@jest/globals';
import { v7 } from 'uuid';
import { firstIdAt, isUuid, newId } from './ids.js';

describe('firstIdAt', () => {
  it('sorts above every id made earlier and at or below every id made from that moment on', () => {
    const moment = Date.UTC(2026, 10, 28, 12, 0, 0, 123);
    const bound = firstIdAt(new Date(moment));
    expect(isUuid(bound)).toBe(true);
    for (let i = 0; i < 200; i++) {
      expect(v7({ msecs: moment - 1 - i * 997 }) < bound).toBe(true);
      expect(v7({ msecs: moment + i * 997 }) >= bound).toBe(true);
    }
  });

  it('puts ids made now above the bound of a minute ago', () => {
    expect(newId() > firstIdAt(new Date(Date.now() - 60_000))).toBe(true);
    expect(newId() < firstIdAt(new Date(Date.now() + 60_000))).toBe(true);
  });
});
