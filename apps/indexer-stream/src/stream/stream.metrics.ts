import { counter, gauge, histogram } from '@keel/service-runtime';

/** Messages behind the high watermark, per partition, after the last committed round. */
export const consumerLag = gauge<'topic' | 'partition'>({
  name: 'keel_stream_consumer_lag',
  help: 'Messages not yet consumed, per partition, as of the last committed round',
  labelNames: ['topic', 'partition'],
});

/** Documents by outcome: indexed, deleted, stale (rejected by version: not an error), failed. rate() gives docs/s. */
export const streamDocuments = counter<'outcome'>({
  name: 'keel_stream_documents_total',
  help: 'Documents the stream indexer wrote, by outcome (indexed, deleted, stale, failed)',
  labelNames: ['outcome'],
});

export const streamEvents = counter<'outcome'>({
  name: 'keel_stream_events_total',
  help: 'Change events consumed, valid or invalid',
  labelNames: ['outcome'],
});

export const deadLetters = counter<'kind'>({
  name: 'keel_stream_dead_letters_total',
  help: 'Messages sent to the dead-letter topic, by kind (invalid-event, index-failed)',
  labelNames: ['kind'],
});

export const roundSeconds = histogram({
  name: 'keel_stream_round_seconds',
  help: 'Time from a round handed to an indexing run to its ids indexed (queue, load by id, bulk)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/**
 * Where the stream's time goes, summed over rounds and batches (several run at once, so the sum can
 * exceed wall time): `wait` (a round queued for an indexing run), `load` (read by id in one snapshot,
 * plan the documents), `bulk` (`_bulk`), `dead-letter` (DLQ send), `commit` (offset commit).
 */
export const stageSeconds = counter<'stage'>({
  name: 'keel_stream_stage_seconds_total',
  help: 'Seconds spent per stage of the stream indexer: wait, load, bulk, dead-letter, commit',
  labelNames: ['stage'],
});

export const backoffs = counter({
  name: 'keel_stream_backoffs_total',
  help: 'Rounds that failed as a whole (Elasticsearch or DB unavailable): the partition paused and backed off',
});
