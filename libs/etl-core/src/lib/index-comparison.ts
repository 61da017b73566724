import type { ProductDocument } from '@keel/product-index';
import type { IndexAction } from './product-document';

/** What the index holds for one id. `source` only for sampled documents. */
export interface IndexedDocument {
  version: number;
  source?: Partial<ProductDocument>;
}

export interface StaleDocument {
  id: number;
  reason: string;
}

/**
 * Why a document differs from the DB, for verify's report and the repairer's counts:
 * `missing` (searchable in the DB, absent from the index), `deleted` (in the index, no DB row: e.g.
 * deleted in a SQL console without an event), `not-searchable` (in the index, but the product is
 * hidden, soft-deleted or its shop closed), `stale-version` (an older version indexed),
 * `stale-fields` (same version, other fields: the version rule missed a change).
 */
export type DriftCause = 'missing' | 'deleted' | 'not-searchable' | 'stale-version' | 'stale-fields';
export const driftCauses: readonly DriftCause[] = [
  'missing',
  'deleted',
  'not-searchable',
  'stale-version',
  'stale-fields',
];
export type DriftCounts = Record<DriftCause, number>;
export const noDrift = (): DriftCounts => ({
  missing: 0,
  deleted: 0,
  'not-searchable': 0,
  'stale-version': 0,
  'stale-fields': 0,
});

export interface Drift {
  id: number;
  cause: DriftCause;
}

export interface RangeComparison {
  checked: number;
  /** In the DB and searchable, absent from the index. */
  missing: number[];
  /** In the index, but the DB no longer has it or it is not searchable. */
  extra: number[];
  /** In the index at an older version, or with fields that differ from what the DB gives now. */
  stale: StaleDocument[];
  /** Every difference above once, with its cause. */
  drift: Drift[];
}

/** A cheap summary of one id range on either side: compared first, ids listed only when it differs. */
export interface RangeDigest {
  /** Searchable documents. */
  count: number;
  /** Sums of their versions and ids (exact while below 2^53: ranges are kept small enough). */
  versionSum: number;
  idSum: number;
}

/** The digest the index should have for the range: the upserts the DB plans. Pure. */
export function digestOfActions(actions: readonly IndexAction[]): RangeDigest {
  const digest: RangeDigest = { count: 0, versionSum: 0, idSum: 0 };
  for (const action of actions) {
    if (action.kind !== 'upsert') continue;
    digest.count += 1;
    digest.versionSum += action.version;
    digest.idSum += action.id;
  }
  return digest;
}

export const digestsEqual = (a: RangeDigest, b: RangeDigest) =>
  a.count === b.count && a.versionSum === b.versionSum && a.idSum === b.idSum;

export const countDrift = (drift: readonly Drift[]): DriftCounts => {
  const counts = noDrift();
  for (const d of drift) counts[d.cause] += 1;
  return counts;
};

/** Compares what the DB says the index should hold with what it holds. Pure. */
export function compareWithIndex(
  expected: readonly IndexAction[],
  indexed: ReadonlyMap<number, IndexedDocument>,
): RangeComparison {
  const result: RangeComparison = { checked: expected.length, missing: [], extra: [], stale: [], drift: [] };
  for (const action of expected) {
    const actual = indexed.get(action.id);
    if (action.kind === 'delete') {
      if (actual) {
        result.extra.push(action.id);
        result.drift.push({
          id: action.id,
          cause: action.reason === 'missing' ? 'deleted' : 'not-searchable',
        });
      }
      continue;
    }
    if (!actual) {
      result.missing.push(action.id);
      result.drift.push({ id: action.id, cause: 'missing' });
      continue;
    }
    if (actual.version < action.version) {
      result.stale.push({ id: action.id, reason: `version ${actual.version} < ${action.version}` });
      result.drift.push({ id: action.id, cause: 'stale-version' });
      continue;
    }
    if (actual.source) {
      const field = firstDifference(action.document, actual.source);
      if (field) {
        result.stale.push({ id: action.id, reason: `field "${field}" differs` });
        result.drift.push({ id: action.id, cause: 'stale-fields' });
      }
    }
  }
  const expectedIds = new Set(expected.map((a) => a.id));
  for (const id of indexed.keys()) {
    if (expectedIds.has(id)) continue;
    result.extra.push(id);
    result.drift.push({ id, cause: 'deleted' });
  }
  return result;
}

function firstDifference(expected: ProductDocument, actual: Partial<ProductDocument>): string | undefined {
  for (const key of Object.keys(expected) as (keyof ProductDocument)[]) {
    if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) return key;
  }
  return undefined;
}
