/**
 * @keel/api-contracts: what the gateway may ask the apps over @nestjs/microservices (TCP), and what they
 * answer. One file per app family, owned with that app: the message patterns (`{ cmd: '...' }`), the
 * request and reply types, and the default RPC ports. Types only and constants: no Nest, no I/O.
 */
export * from './lib/rpc-ports';
export * from './lib/jmh-runner';
export * from './lib/jdk-inventory';
export * from './lib/jdk-upgrade-plan';
export * from './lib/indexing';
export * from './lib/rpc-error';
export * from './lib/authorisation';
