/**
 * @keel/coordination: ZooKeeper for Keel's long-running jobs: a connection that survives
 * disconnects and session expiry, ephemeral registration under `/keel/jobs/<job>/<instance>`, the
 * job registry (list and watch instances), leader election and distributed locks, and the NestJS
 * module that wires them into an app with one import.
 */
export * from './lib/coordination-logger';
export * from './lib/coordination.module';
export * from './lib/distributed-lock';
export * from './lib/job-path';
export * from './lib/job-registration';
export * from './lib/job-registry';
export * from './lib/leader-election';
export * from './lib/leader-loop';
export * from './lib/protected-create';
export * from './lib/sequential-node';
export * from './lib/zookeeper-connection';
export * from './lib/zookeeper-session';
export * from './lib/zookeeper-auth';
