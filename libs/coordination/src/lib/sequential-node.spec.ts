import {
  findOwnNode,
  nodeName,
  participantPrefix,
  queueOrder,
  sequenceOf,
  standingOf,
} from './sequential-node';

describe('sequential nodes', () => {
  it('reads the 10-digit counter ZooKeeper appends', () => {
    expect(sequenceOf('n_abc_0000000042')).toBe(42);
    expect(sequenceOf('host-17-0000000007')).toBe(7);
    expect(sequenceOf('n_abc_')).toBeNull();
    expect(sequenceOf('lock')).toBeNull();
  });

  it('orders by counter, not by name (tokens differ in length and letters)', () => {
    expect(queueOrder(['n_zz_0000000003', 'n_a_0000000010', 'n_mmm_0000000001', 'junk'])).toEqual([
      'n_mmm_0000000001',
      'n_zz_0000000003',
      'n_a_0000000010',
    ]);
  });

  it('makes the lowest counter first and has everyone else watch only the node just before it', () => {
    const children = ['n_c_0000000005', 'n_a_0000000002', 'n_b_0000000003'];
    expect(standingOf(children, 'n_a_0000000002')).toEqual({ kind: 'first' });
    expect(standingOf(children, 'n_b_0000000003')).toEqual({
      kind: 'waiting',
      predecessor: 'n_a_0000000002',
      position: 1,
    });
    expect(standingOf(children, 'n_c_0000000005')).toEqual({
      kind: 'waiting',
      predecessor: 'n_b_0000000003',
      position: 2,
    });
  });

  it('skips a gap left by a departed participant', () => {
    expect(standingOf(['n_a_0000000001', 'n_c_0000000009'], 'n_c_0000000009')).toMatchObject({
      predecessor: 'n_a_0000000001',
    });
  });

  it('reports a node that is gone (session expired, removed by hand) as absent', () => {
    expect(standingOf(['n_a_0000000001'], 'n_b_0000000002')).toEqual({ kind: 'absent' });
  });

  it('finds its own node again by prefix after a lost create answer', () => {
    const prefix = participantPrefix('k3f9');
    expect(findOwnNode(['n_aa_0000000001', `${prefix}0000000002`], prefix)).toBe('n_k3f9_0000000002');
    expect(findOwnNode(['n_aa_0000000001'], prefix)).toBeNull();
    expect(() => participantPrefix('a/b')).toThrow(/invalid participant token/);
  });

  it('takes the last path segment', () => {
    expect(nodeName('/keel/elections/x/n_a_0000000001')).toBe('n_a_0000000001');
  });
});
