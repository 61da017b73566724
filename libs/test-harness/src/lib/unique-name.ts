import { randomBytes } from 'node:crypto';

/** A lowercase name no other test run uses, e.g. `smoke-k3f9a1`: fit for topics, indices, aliases. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
