import { compareWithIndex } from './index-comparison';
import type { IndexAction, ProductDocument } from './product-document';

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

  it('accepts a newer indexed version (a write landed after the DB was read)', () => {
    expect(compareWithIndex([upsert(1, 10)], new Map([[1, { version: 11 }]])).stale).toEqual([]);
  });
});
