import { createHash, randomBytes } from 'node:crypto';

/** What a token may do; each role includes the ones before it. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** admin ⊇ operator ⊇ viewer. */
export const roleAtLeast = (held: Role, needed: Role): boolean =>
  ROLES.indexOf(held) >= ROLES.indexOf(needed);

/** Who is calling, as the auth middleware found it. */
export interface Principal {
  tokenId: number;
  name: string;
  role: Role;
}

const TOKEN_PREFIX = 'keel_';

/** A new secret: `keel_` and 32 random bytes (base64url). Shown once; only its hash is stored. */
export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 hex of the token. A plain fast hash is enough here: the secret is 256 random bits, not a
 * password, so there is nothing to guess a dictionary against.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** `Authorization: Bearer <token>` → the token, or undefined when absent or malformed. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/]+=*)\s*$/i.exec(value ?? '');
  return match?.[1];
}

/** `keel_` and 43 base64url characters: anything else is refused without a DB lookup. */
export const isWellFormedToken = (token: string): boolean => /^keel_[A-Za-z0-9_-]{43}$/.test(token);
