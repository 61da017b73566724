import { windowHold } from './window-hold';

const now = new Date('2025-03-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const rule = { marginMs: 1_000, maxHoldMs: 60_000 };

describe('windowHold', () => {
  it('holds nothing when no transaction is open', () => {
    expect(windowHold({ now, transactions: [] }, rule)).toEqual({
      horizon: null,
      blocking: null,
      passed: [],
    });
  });

  it('holds at the oldest open transaction start less the margin, whatever order they come in', () => {
    const hold = windowHold(
      {
        now,
        transactions: [
          { session: '12', startedAt: ago(5_000) },
          { session: '7', startedAt: ago(20_000) },
        ],
      },
      rule,
    );
    expect(hold.horizon).toEqual(ago(21_000));
    expect(hold.blocking).toEqual({ session: '7', startedAt: ago(20_000), ageMs: 20_000 });
    expect(hold.passed).toEqual([]);
  });

  it('passes a transaction open longer than the maximum hold and holds at the next one', () => {
    const hold = windowHold(
      {
        now,
        transactions: [
          { session: '1', startedAt: ago(61_000) },
          { session: '2', startedAt: ago(3_000) },
        ],
      },
      rule,
    );
    expect(hold.passed.map((t) => [t.session, t.ageMs])).toEqual([['1', 61_000]]);
    expect(hold.blocking?.session).toBe('2');
    expect(hold.horizon).toEqual(ago(4_000));
  });

  it('stops holding once every open transaction is past the maximum hold', () => {
    const hold = windowHold({ now, transactions: [{ session: '1', startedAt: ago(90_000) }] }, rule);
    expect(hold.horizon).toBeNull();
    expect(hold.passed).toHaveLength(1);
  });

  it('still holds when a cut list held only overdue transactions (a younger one may be unlisted)', () => {
    const hold = windowHold(
      {
        now,
        transactions: [
          { session: '1', startedAt: ago(90_000) },
          { session: '2', startedAt: ago(80_000) },
        ],
      },
      rule,
      2,
    );
    expect(hold.blocking?.session).toBe('2');
    expect(hold.horizon).toEqual(ago(81_000));
  });
});
