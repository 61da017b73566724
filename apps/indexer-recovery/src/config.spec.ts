import { loadIndexerRecoveryConfig } from './config';

describe('indexer-recovery configuration', () => {
  it('defaults the pipeline to 2 writers, readers as many as writers, 2 buffered ranges, 2000..5000 documents per request', () => {
    const config = loadIndexerRecoveryConfig({});
    expect(config.RECOVERY_READ_CONCURRENCY).toBeUndefined();
    expect(config).toMatchObject({
      RECOVERY_CONCURRENCY: 2,
      RECOVERY_BUFFERED_RANGES: 2,
      RECOVERY_BULK_TARGET_MS: 1000,
      RECOVERY_MIN_BULK_DOCS: 2000,
      RECOVERY_MAX_BULK_DOCS: 5000,
    });
  });

  it('reads every pipeline setting from the environment', () => {
    expect(
      loadIndexerRecoveryConfig({
        RECOVERY_CONCURRENCY: '3',
        RECOVERY_READ_CONCURRENCY: '1',
        RECOVERY_BUFFERED_RANGES: '4',
        RECOVERY_BULK_TARGET_MS: '3000',
        RECOVERY_MIN_BULK_DOCS: '1000',
        RECOVERY_MAX_BULK_DOCS: '8000',
      }),
    ).toMatchObject({
      RECOVERY_CONCURRENCY: 3,
      RECOVERY_READ_CONCURRENCY: 1,
      RECOVERY_BUFFERED_RANGES: 4,
      RECOVERY_BULK_TARGET_MS: 3000,
      RECOVERY_MIN_BULK_DOCS: 1000,
      RECOVERY_MAX_BULK_DOCS: 8000,
    });
  });

  it('names the variable when the bulk bounds cross or a setting is out of range', () => {
    expect(() => loadIndexerRecoveryConfig({ RECOVERY_MIN_BULK_DOCS: '6000' })).toThrow(
      /RECOVERY_MIN_BULK_DOCS: must not exceed RECOVERY_MAX_BULK_DOCS \(5000\) \(got "6000"\)/,
    );
    expect(() => loadIndexerRecoveryConfig({ RECOVERY_BUFFERED_RANGES: '0' })).toThrow(
      /RECOVERY_BUFFERED_RANGES/,
    );
    expect(() => loadIndexerRecoveryConfig({ RECOVERY_BULK_TARGET_MS: 'fast' })).toThrow(
      /RECOVERY_BULK_TARGET_MS/,
    );
  });
});
