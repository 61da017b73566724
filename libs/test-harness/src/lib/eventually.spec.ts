import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    await expect(eventually(() => (++calls >= 3 ? 'ready' : undefined), { intervalMs: 1 })).resolves.toBe(
      'ready',
    );
    expect(calls).toBe(3);
  });

  it('fails at the deadline with what it waited for and the last error', async () => {
    await expect(
      eventually(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 20, intervalMs: 5, what: 'broker' },
      ),
    ).rejects.toThrow(/broker not reached within 20 ms: connection refused/);
  });
});
