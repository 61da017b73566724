import { compareWithIndex, countDrift, digestOfActions, digestsEqual } from './index-comparison';
import type { ProductDocument } from '@keel/product-index';
import type { IndexAction } from './product-document';

const doc = (id: number, version: number): ProductDocument =>
  ({ id, version, name_ko: `상품 ${id}`, name_en: `product ${id}` }) as ProductDocument;
const upsert = (id: number, version: number): IndexAction => ({
  kind: 'upsert',
  id,
  version,
  document: doc(id, version),
});

describe('compareWithIndex', () => {
  it('finds missing, extra and stale documents', () => {
    const expected: IndexAction[] = [
      upsert(1, 10),
      upsert(2, 10),
      upsert(3, 10),
      { kind: 'delete', id: 4, version: 10, reason: 'missing' },
      upsert(5, 10),
    ];
    const indexed = new Map([
      [1, { version: 10, source: doc(1, 10) }],
      [3, { version: 9 }],
      [4, { version: 8 }],
      [5, { version: 10, source: { ...doc(5, 10), name_en: 'old name' } }],
    ]);
    expect(compareWithIndex(expected, indexed)).toEqual({
      checked: 5,
      missing: [2],
      extra: [4],
      stale: [
        { id: 3, reason: 'version 9 < 10' },
        { id: 5, reason: 'field "name_en" differs' },
      ],
      drift: [
        { id: 2, cause: 'missing' },
        { id: 3, cause: 'stale-version' },
        { id: 4, cause: 'deleted' },
        { id: 5, cause: 'stale-fields' },
      ],
    });
  });

  it('reports a document the DB never had as extra', () => {
    expect(
      compareWithIndex(
        [upsert(1, 1)],
        new Map([
          [1, { version: 1 }],
          [77, { version: 1 }],
        ]),
      ).extra,
    ).toEqual([77]);
  });

  it('tells a document of a hidden product or closed shop from one deleted in the DB', () => {
    const result = compareWithIndex(
      [
        { kind: 'delete', id: 1, version: 5, reason: 'not-searchable' },
        { kind: 'delete', id: 2, version: 5, reason: 'missing' },
      ],
      new Map([
        [1, { version: 4 }],
        [2, { version: 4 }],
        [9, { version: 4 }],
      ]),
    );
    expect(countDrift(result.drift)).toEqual({
      missing: 0,
      deleted: 2,
      'not-searchable': 1,
      'stale-version': 0,
      'stale-fields': 0,
    });
  });

  it('accepts a newer indexed version (a write landed after the DB was read)', () => {
    expect(compareWithIndex([upsert(1, 10)], new Map([[1, { version: 11 }]])).stale).toEqual([]);
  });
});

describe('digestOfActions', () => {
  it('sums the upserts only, and differs when one version or one id differs', () => {
    const digest = digestOfActions([
      upsert(1, 10),
      upsert(2, 12),
      { kind: 'delete', id: 3, version: 9, reason: 'missing' },
    ]);
    expect(digest).toEqual({ count: 2, versionSum: 22, idSum: 3 });
    expect(digestsEqual(digest, { count: 2, versionSum: 22, idSum: 3 })).toBe(true);
    expect(digestsEqual(digest, { count: 2, versionSum: 21, idSum: 3 })).toBe(false);
    expect(digestsEqual(digest, { count: 2, versionSum: 22, idSum: 4 })).toBe(false);
  });
});
