import type { IndexAction, ProductDocument } from './product-document';

/** What the index holds for one id. `source` only for sampled documents. */
export interface IndexedDocument {
  version: number;
  source?: Partial<ProductDocument>;
}

export interface StaleDocument {
  id: number;
  reason: string;
}

export interface RangeComparison {
  checked: number;
  /** In the DB and searchable, absent from the index. */
  missing: number[];
  /** In the index, but the DB no longer has it or it is not searchable. */
  extra: number[];
  /** In the index at an older version, or with fields that differ from what the DB gives now. */
  stale: StaleDocument[];
}

/** Compares what the DB says the index should hold with what it holds. Pure. */
export function compareWithIndex(
  expected: readonly IndexAction[],
  indexed: ReadonlyMap<number, IndexedDocument>,
): RangeComparison {
  const result: RangeComparison = { checked: expected.length, missing: [], extra: [], stale: [] };
  for (const action of expected) {
    const actual = indexed.get(action.id);
    if (action.kind === 'delete') {
      if (actual) result.extra.push(action.id);
      continue;
    }
    if (!actual) {
      result.missing.push(action.id);
      continue;
    }
    if (actual.version < action.version) {
      result.stale.push({ id: action.id, reason: `version ${actual.version} < ${action.version}` });
      continue;
    }
    if (actual.source) {
      const field = firstDifference(action.document, actual.source);
      if (field) result.stale.push({ id: action.id, reason: `field "${field}" differs` });
    }
  }
  const expectedIds = new Set(expected.map((a) => a.id));
  for (const id of indexed.keys()) if (!expectedIds.has(id)) result.extra.push(id);
  return result;
}

function firstDifference(expected: ProductDocument, actual: Partial<ProductDocument>): string | undefined {
  for (const key of Object.keys(expected) as (keyof ProductDocument)[]) {
    if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) return key;
  }
  return undefined;
}
