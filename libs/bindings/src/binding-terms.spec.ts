import { describe, expect, it } from '@jest/globals';
import { MAX_TERM_MS, parseEndsAt } from './binding-terms.js';
import { TimerKind, timersFor } from './binding-timers.js';

const now = new Date('2026-06-01T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('endsAt', () => {
  it('accepts null, absent, and ISO times with a zone from 60 s to 2 years ahead', () => {
    expect(parseEndsAt(undefined, now)).toBeNull();
    expect(parseEndsAt(null, now)).toBeNull();
    expect(parseEndsAt(at(60_000), now)).toEqual(new Date(at(60_000)));
    expect(parseEndsAt('2026-06-02T15:00:00+03:00', now)).toEqual(new Date('2026-06-02T12:00:00Z'));
    expect(parseEndsAt(at(MAX_TERM_MS), now)).toEqual(new Date(at(MAX_TERM_MS)));
  });

  it('refuses, as VALIDATION_FAILED on endsAt: too soon, the past, too far, no zone, a bare date, nonsense', () => {
    for (const raw of [at(59_999), at(-1000), at(MAX_TERM_MS + 1), '2026-07-01T00:00:00', '2026-07-01', '2026-13-45T99:00:00Z', 'soon', '']) {
      expect(() => parseEndsAt(raw, now)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', fieldProblems: [expect.objectContaining({ field: 'endsAt' })] }),
      );
    }
  });
});

describe('timersFor', () => {
  it('arms the moment itself and each reminder still ahead; a reminder already past is skipped', () => {
    const moment = new Date(now.getTime() + 3 * 86_400_000);
    const timers = timersFor('b', moment, TimerKind.BindingEnd, { kind: TimerKind.EndReminder, offsetsSeconds: [604800, 86400] }, now);
    expect(timers.map((t) => [t.kind, t.offsetSeconds, t.dueAt.toISOString(), t.armedFor.toISOString()])).toEqual([
      ['binding_end', 0, moment.toISOString(), moment.toISOString()],
      ['end_reminder', 86400, new Date(moment.getTime() - 86_400_000).toISOString(), moment.toISOString()],
    ]);
    expect(timersFor('b', moment, TimerKind.RequestExpiry, null, now)).toHaveLength(1);
    // Exactly now counts as past: a reminder is never sent at or after its own moment.
    expect(timersFor('b', new Date(now.getTime() + 60_000), TimerKind.BindingEnd, { kind: TimerKind.EndReminder, offsetsSeconds: [60] }, now)).toHaveLength(1);
  });
});
