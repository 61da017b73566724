import type { ChangeCursor } from './catalog-rows';
import {
  changedRowsPageSql,
  checkedPageLimit,
  comparePositions,
  firstSeenProductIds,
  mergeTablePages,
} from './change-feed';

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

describe('changedRowsPageSql', () => {
  const from = new Date(0);
  const to = new Date(1000);
  it('reads the window in index order, after the cursor when there is one', () => {
    expect(changedRowsPageSql('shops', 'id, update_ts', 'id', { from, to, limit: 5 })).toEqual({
      sql: 'SELECT id, update_ts FROM shops WHERE update_ts >= ? AND update_ts < ? ORDER BY update_ts, id LIMIT 5',
      params: [from, to],
    });
    const after = at(500, 7);
    const page = changedRowsPageSql('product_tags', 'product_id AS id, update_ts', 'product_id', {
      from,
      to,
      after,
      limit: 2,
    });
    expect(page.sql).toBe(
      'SELECT product_id AS id, update_ts FROM product_tags WHERE update_ts >= ? AND update_ts < ?' +
        ' AND (update_ts > ? OR (update_ts = ? AND product_id > ?)) ORDER BY update_ts, product_id LIMIT 2',
    );
    expect(page.params).toEqual([from, to, after.updateTs, after.updateTs, 7]);
  });

  it('refuses a limit that is not a positive integer, naming it', () => {
    expect(() => checkedPageLimit(0)).toThrow('limit must be a positive integer, got 0');
    expect(() => changedRowsPageSql('shops', 'id', 'id', { from, to, limit: 1.5 })).toThrow(RangeError);
    expect(checkedPageLimit(3)).toBe(3);
  });
});
