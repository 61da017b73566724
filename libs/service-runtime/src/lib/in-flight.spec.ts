import { InFlight } from './in-flight';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('InFlight', () => {
  it('refuses a second claim while the background work runs, and frees the slot when it settles', async () => {
    const slot = new InFlight();
    let finish: () => void = () => undefined;
    slot
      .claim(() => new Error('busy'))
      .runInBackground(new Promise<void>((r) => (finish = r)), () => undefined);
    expect(slot.busy).toBe(true);
    expect(() => slot.claim(() => new Error('busy'))).toThrow('busy');
    finish();
    await settle();
    expect(slot.busy).toBe(false);
    expect(() => slot.claim(() => new Error('busy'))).not.toThrow();
  });

  it('frees the slot on release, once, and hands a failed work to onError', async () => {
    const slot = new InFlight();
    const first = slot.claim(() => new Error('busy'));
    first.release();
    const second = slot.claim(() => new Error('busy'));
    first.release(); // a stale release must not free the second claim
    expect(slot.busy).toBe(true);
    const onError = jest.fn();
    second.runInBackground(Promise.reject(new Error('boom')), onError);
    await settle();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
    expect(slot.busy).toBe(false);
  });
});
