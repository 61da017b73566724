import type { ChangeCursor } from './catalog-rows';
import { comparePositions, firstSeenProductIds, mergeTablePages } from './change-feed';

const at = (ms: number, id: number): ChangeCursor => ({ updateTs: new Date(ms), id });

describe('mergeTablePages', () => {
  it('orders positions by update_ts then id and stops when every table is exhausted', () => {
    const merged = mergeTablePages(
      [
        [at(2, 1), at(3, 9)],
        [at(1, 5), at(3, 2)],
      ],
      10,
    );
    expect(merged.positions).toEqual([at(1, 5), at(2, 1), at(3, 2), at(3, 9)]);
    expect(merged.next).toBeUndefined();
  });

  it('cuts at limit and continues after the last kept position', () => {
    const merged = mergeTablePages([[at(1, 1), at(2, 2)], [at(1, 3)]], 2);
    expect(merged.positions).toEqual([at(1, 1), at(1, 3)]);
    expect(merged.next).toEqual(at(1, 3));
  });

  it('asks for another page when a table filled its page', () => {
    expect(mergeTablePages([[at(1, 1), at(2, 2)], []], 2).next).toEqual(at(2, 2));
  });

  it('returns an empty page for an empty window', () => {
    expect(mergeTablePages([[], []], 5)).toEqual({ positions: [] });
  });
});

describe('firstSeenProductIds', () => {
  it('reports each product once, at its earliest position in the window', () => {
    const positions = [at(5, 1), at(5, 2), at(6, 1)];
    const earliest = new Map([
      [1, new Date(5)],
      [2, new Date(3)],
    ]);
    // product 2 first changed at t=3, before the cursor: an earlier page reported it
    expect(firstSeenProductIds(positions, earliest, at(4, 0))).toEqual([1]);
    expect(firstSeenProductIds(positions, earliest, undefined)).toEqual([1, 2]);
  });

  it('compares ties on update_ts by id', () => {
    expect(comparePositions(at(1, 2), at(1, 3))).toBeLessThan(0);
    expect(firstSeenProductIds([at(1, 3)], new Map([[3, new Date(1)]]), at(1, 2))).toEqual([3]);
  });
});
