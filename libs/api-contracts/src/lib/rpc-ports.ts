/**
 * Each app answers RPC on its HTTP port + 1000 unless its RPC_PORT says otherwise, e.g. jdk-inventory
 * HTTP 3004, RPC 4004. The gateway's *_RPC_URL settings default to these on 127.0.0.1.
 */
export const DEFAULT_RPC_PORTS = {
  'indexer-stream': 4001,
  'indexer-batch': 4002,
  'indexer-recovery': 4003,
  'jdk-inventory': 4004,
  'jmh-runner': 4005,
  supervisor: 4006,
} as const;

export type RpcApp = keyof typeof DEFAULT_RPC_PORTS;
