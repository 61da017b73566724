/**
 * @keel/coordination: ZooKeeper for Keel's long-running jobs: a session that survives disconnects,
 * ephemeral registration under `/keel/jobs/<job>/<instance>`, leader election and locks.
 */
export * from './lib/zookeeper-session';
export * from './lib/job-path';
