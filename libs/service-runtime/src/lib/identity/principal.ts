import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallerIdentity } from './service-token';

const current = new AsyncLocalStorage<CallerIdentity>();

/** Runs `work` as `caller`: every RPC handler and guarded HTTP route runs inside this. */
export const runAsCaller = <T>(caller: CallerIdentity, work: () => T): T => current.run(caller, work);

/** Marks the rest of this async chain as served for `caller` (an HTTP guard, before the handler). */
export const enterAsCaller = (caller: CallerIdentity): void => current.enterWith(caller);

/** Who called the operation being served (service and the person it acts for), if anyone. */
export const currentCaller = (): CallerIdentity | undefined => current.getStore();

/** `gateway (for gateway-token:ops)`: how the audit log and the logs name a caller. */
export function describeCaller(caller: CallerIdentity | undefined): string {
  if (!caller) return 'anonymous';
  return caller.actor ? `${caller.service} (for ${caller.actor.id})` : caller.service;
}
