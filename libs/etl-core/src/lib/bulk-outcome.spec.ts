import { classifyBulkItem } from './bulk-outcome';

describe('classifyBulkItem', () => {
  it('counts a version conflict as a stale write, not an error', () => {
    expect(
      classifyBulkItem('index', { status: 409, error: { type: 'version_conflict_engine_exception' } }),
    ).toBe('stale');
    expect(classifyBulkItem('delete', { status: 409 })).toBe('stale');
  });

  it('treats success and a versioned delete of an absent document as done', () => {
    expect(classifyBulkItem('index', { status: 201, result: 'created' })).toBe('written');
    expect(classifyBulkItem('index', { status: 200, result: 'updated' })).toBe('written');
    expect(classifyBulkItem('delete', { status: 200, result: 'deleted' })).toBe('deleted');
    expect(classifyBulkItem('delete', { status: 404, result: 'not_found' })).toBe('deleted');
  });

  it('retries a write or delete aimed at a missing index or alias: it waits for the alias (it deleted nothing)', () => {
    expect(classifyBulkItem('delete', { status: 404, error: { type: 'index_not_found_exception' } })).toBe(
      'retry',
    );
    expect(classifyBulkItem('index', { status: 404, error: { type: 'index_not_found_exception' } })).toBe(
      'retry',
    );
  });

  it('retries pressure and server errors, and fails what retrying cannot fix', () => {
    expect(
      classifyBulkItem('index', { status: 429, error: { type: 'es_rejected_execution_exception' } }),
    ).toBe('retry');
    expect(classifyBulkItem('index', { status: 503 })).toBe('retry');
    expect(
      classifyBulkItem('index', { status: 400, error: { type: 'strict_dynamic_mapping_exception' } }),
    ).toBe('failed');
  });
});
