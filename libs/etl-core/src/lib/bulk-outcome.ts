/** How Elasticsearch answered one item of a `_bulk` request, as indexing sees it. */
export type ItemOutcome =
  | 'written'
  | 'deleted'
  /** The index holds a newer version: this write came late. Counted, never retried, never an error. */
  | 'stale'
  /** Worth another try: the node was busy (429) or failed (5xx). */
  | 'retry'
  /** Will not succeed by retrying (e.g. a mapping error): reported with the id and reason. */
  | 'failed';

export interface BulkItemResponse {
  status: number;
  result?: string;
  error?: { type?: string; reason?: string | null } | null;
}

export function classifyBulkItem(operation: 'index' | 'delete', item: BulkItemResponse): ItemOutcome {
  if (item.status === 409 || item.error?.type === 'version_conflict_engine_exception') return 'stale';
  if (item.status >= 200 && item.status < 300) return operation === 'delete' ? 'deleted' : 'written';
  // a versioned delete of a document the index never had still leaves a tombstone: done
  if (operation === 'delete' && item.status === 404 && !item.error) return 'deleted';
  if (item.status === 429 || item.status >= 500) return 'retry';
  // the write alias is missing (before the first rebuild, or `require_alias` found an index there):
  // nothing wrong with the document; wait for the alias instead of refusing it for good
  if (item.error?.type === 'index_not_found_exception') return 'retry';
  return 'failed';
}
