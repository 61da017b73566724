import {
  InvalidWindow,
  InvalidWindowRule,
  backlogWindows,
  nextWindow,
  parseWindow,
  windowLengthMs,
  type WindowRule,
} from './hopping-window';

const minute = 60_000;
const rule: WindowRule = {
  overlapMs: minute,
  lagMs: 5_000,
  maxWindowMs: 15 * minute,
  initialLookbackMs: 60 * minute,
};
const at = (iso: string) => new Date(iso);
const now = at('2025-03-01T12:00:00.000Z');

describe('nextWindow', () => {
  it('starts the first window the initial lookback before now minus the lag, at most maxWindow long', () => {
    expect(nextWindow(null, now, rule)).toEqual({
      from: at('2025-03-01T10:59:55.000Z'),
      to: at('2025-03-01T11:14:55.000Z'),
    });
  });

  it('starts the overlap before the last successful end and ends at now minus the lag', () => {
    expect(nextWindow(at('2025-03-01T11:55:00.000Z'), now, rule)).toEqual({
      from: at('2025-03-01T11:54:00.000Z'),
      to: at('2025-03-01T11:59:55.000Z'),
    });
  });

  it('has nothing to run when now minus the lag is not past the last end', () => {
    expect(nextWindow(at('2025-03-01T11:59:55.000Z'), now, rule)).toBeNull();
    expect(nextWindow(at('2025-03-01T12:01:00.000Z'), now, rule)).toBeNull();
  });

  it('runs a window as short as one millisecond past the last end', () => {
    const window = nextWindow(at('2025-03-01T11:59:54.999Z'), now, rule);
    expect(window?.to).toEqual(at('2025-03-01T11:59:55.000Z'));
    expect(window?.from).toEqual(at('2025-03-01T11:58:54.999Z'));
  });

  it('refuses a rule whose windows could not get past the overlap', () => {
    expect(() => nextWindow(null, now, { ...rule, maxWindowMs: minute })).toThrow(InvalidWindowRule);
    expect(() => nextWindow(null, now, { ...rule, lagMs: -1 })).toThrow(/lagMs/);
    expect(() => nextWindow(null, now, { ...rule, initialLookbackMs: 0 })).toThrow(InvalidWindowRule);
    // a settings object carrying more than the rule is judged by the rule alone
    expect(nextWindow(null, now, { ...rule, writeAlias: 'products-write' } as WindowRule)).not.toBeNull();
  });
});

describe('nextWindow with an open-transaction horizon', () => {
  it('never ends past the horizon, and runs nothing while the horizon is behind the last end', () => {
    const last = at('2025-03-01T11:55:00.000Z');
    expect(nextWindow(last, now, rule, at('2025-03-01T11:58:00.000Z'))).toEqual({
      from: at('2025-03-01T11:54:00.000Z'),
      to: at('2025-03-01T11:58:00.000Z'),
    });
    expect(nextWindow(last, now, rule, at('2025-03-01T11:55:00.000Z'))).toBeNull();
    // a horizon later than now - lag changes nothing
    expect(nextWindow(last, now, rule, at('2025-03-01T13:00:00.000Z'))?.to).toEqual(
      at('2025-03-01T11:59:55.000Z'),
    );
  });

  it('stops a backlog at the horizon', () => {
    const windows = backlogWindows(at('2025-03-01T11:00:00.000Z'), now, rule, at('2025-03-01T11:20:00.000Z'));
    expect(windows.at(-1)?.to).toEqual(at('2025-03-01T11:20:00.000Z'));
    expect(windows.every((w) => w.to <= at('2025-03-01T11:20:00.000Z'))).toBe(true);
  });
});

describe('backlogWindows', () => {
  it('works through an outage in windows of at most maxWindow, oldest first, each overlapping the last', () => {
    const windows = backlogWindows(at('2025-03-01T11:00:00.000Z'), now, rule);
    expect(windows.map((w) => [w.from.toISOString(), w.to.toISOString()])).toEqual([
      ['2025-03-01T10:59:00.000Z', '2025-03-01T11:14:00.000Z'],
      ['2025-03-01T11:13:00.000Z', '2025-03-01T11:28:00.000Z'],
      ['2025-03-01T11:27:00.000Z', '2025-03-01T11:42:00.000Z'],
      ['2025-03-01T11:41:00.000Z', '2025-03-01T11:56:00.000Z'],
      ['2025-03-01T11:55:00.000Z', '2025-03-01T11:59:55.000Z'],
    ]);
    for (const window of windows) expect(windowLengthMs(window)).toBeLessThanOrEqual(rule.maxWindowMs);
  });

  it('covers the initial lookback when nothing succeeded yet', () => {
    const windows = backlogWindows(null, now, rule);
    expect(windows[0].from).toEqual(at('2025-03-01T10:59:55.000Z'));
    expect(windows[windows.length - 1].to).toEqual(at('2025-03-01T11:59:55.000Z'));
    expect(windows).toHaveLength(5);
  });

  it('is one window in the steady state and none right after a success', () => {
    expect(backlogWindows(at('2025-03-01T11:54:55.000Z'), now, rule)).toHaveLength(1);
    expect(backlogWindows(at('2025-03-01T11:59:55.000Z'), now, rule)).toEqual([]);
  });

  it('leaves no instant between the last success and the end uncovered', () => {
    const last = at('2025-02-27T03:17:12.345Z');
    const windows = backlogWindows(last, now, rule);
    let coveredTo = last.getTime();
    for (const window of windows) {
      expect(window.from.getTime()).toBeLessThanOrEqual(coveredTo - rule.overlapMs);
      expect(window.to.getTime()).toBeGreaterThan(coveredTo);
      coveredTo = window.to.getTime();
    }
    expect(coveredTo).toBe(now.getTime() - rule.lagMs);
  });
});

describe('parseWindow', () => {
  it('reads ISO instants with a zone', () => {
    expect(parseWindow('2025-03-01T11:00:00Z', '2025-03-01T12:00:00.5+01:00')).toEqual({
      from: at('2025-03-01T11:00:00.000Z'),
      to: at('2025-03-01T11:00:00.500Z'),
    });
  });

  it('names what is wrong', () => {
    expect(() => parseWindow(undefined, '2025-03-01T12:00:00Z')).toThrow(/both --from and --to/);
    expect(() => parseWindow('2025-03-01 11:00', '2025-03-01T12:00:00Z')).toThrow(InvalidWindow);
    expect(() => parseWindow('2025-03-01T12:00:00Z', '2025-03-01T12:00:00Z')).toThrow(/before --to/);
    expect(() => parseWindow('2025-02-30T99:00:00Z', '2025-03-01T12:00:00Z')).toThrow(/valid date/);
  });
});
