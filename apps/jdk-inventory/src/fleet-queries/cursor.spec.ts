import { decodeCursor, encodeCursor, pageOf } from './cursor';
import { InvalidRequest } from './inventory-requests';

describe('cursors', () => {
  it('round-trips an ID and is opaque', () => {
    const cursor = encodeCursor('12345');
    expect(cursor).not.toContain('12345');
    expect(decodeCursor(cursor)).toBe('12345');
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it('refuses a cursor it did not make, naming the field', () => {
    expect(() => decodeCursor('bm9wZQ', 'after')).toThrow(InvalidRequest);
    expect(() => decodeCursor(Buffer.from('jdk1:1; DROP').toString('base64url'))).toThrow(/"after"/);
  });

  it('pages first + 1 rows: the extra row only says there is more', () => {
    const rows = [{ id: '1' }, { id: '2' }, { id: '3' }];
    const page = pageOf(
      rows,
      2,
      (r) => r.id,
      (r) => Number(r.id),
      10,
    );
    expect(page).toEqual({
      items: [1, 2],
      cursors: [encodeCursor('1'), encodeCursor('2')],
      endCursor: encodeCursor('2'),
      hasNextPage: true,
      totalCount: 10,
    });
    expect(
      pageOf(
        [],
        2,
        (r: { id: string }) => r.id,
        (r) => r,
        0,
      ),
    ).toEqual({
      items: [],
      cursors: [],
      endCursor: null,
      hasNextPage: false,
      totalCount: 0,
    });
  });
});
