import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed service tokens (Ed25519): `kst1.<kid>.<claims base64url>.<signature base64url>`. The key id
 * says which trusted public key verifies it and which service that key belongs to, so a key can be
 * rotated by trusting the new one, switching the signer, then dropping the old one.
 */
export interface ServiceClaims {
  /** The calling service (must be the service its key belongs to). */
  iss: string;
  /** The service the token is for; a token for another app is refused. */
  aud: string;
  /** Issued at / expires, seconds since the epoch. */
  iat: number;
  exp: number;
  /** The person or token on whose behalf the service acts (the gateway passes its caller along). */
  act?: ActingPrincipal;
}

export interface ActingPrincipal {
  /** e.g. `gateway-token:ops-ci` or `operator`. */
  id: string;
  role?: string;
}

/** The principal an operation runs under, as the server found it. */
export interface CallerIdentity {
  service: string;
  keyId: string;
  actor?: ActingPrincipal;
}

export interface SigningKey {
  kid: string;
  service: string;
  privateKey: KeyObject;
}

export interface TrustedKey {
  service: string;
  publicKey: KeyObject;
}

/** Refused service token; `reason` says why (for the log and the client: it reveals nothing secret). */
export class InvalidServiceToken extends Error {
  constructor(readonly reason: string) {
    super(`invalid service token: ${reason}`);
    this.name = 'InvalidServiceToken';
  }
}

const PREFIX = 'kst1';
/** Longest lifetime a verifier accepts, whatever the token says. */
export const MAX_TOKEN_LIFETIME_S = 300;
export const DEFAULT_TOKEN_LIFETIME_S = 60;
/** Clock difference tolerated between two pods. */
export const CLOCK_SKEW_S = 30;

export function signServiceToken(
  key: SigningKey,
  audience: string,
  options: { actor?: ActingPrincipal; nowMs?: number; lifetimeS?: number } = {},
): string {
  const iat = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const claims: ServiceClaims = {
    iss: key.service,
    aud: audience,
    iat,
    exp: iat + (options.lifetimeS ?? DEFAULT_TOKEN_LIFETIME_S),
    ...(options.actor ? { act: options.actor } : {}),
  };
  const body = `${PREFIX}.${key.kid}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign(null, Buffer.from(body), key.privateKey).toString('base64url')}`;
}

const TOKEN_SHAPE = /^kst1\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{10,4096})\.([A-Za-z0-9_-]{86})$/;

/** Verifies a token for `audience`; throws InvalidServiceToken with the reason. */
export function verifyServiceToken(
  token: unknown,
  audience: string,
  trust: ReadonlyMap<string, TrustedKey>,
  nowMs = Date.now(),
): CallerIdentity {
  if (typeof token !== 'string' || token.length === 0) throw new InvalidServiceToken('missing');
  const match = TOKEN_SHAPE.exec(token);
  if (!match) throw new InvalidServiceToken('malformed');
  const [, kid, payload, signature] = match;
  const trusted = trust.get(kid);
  if (!trusted) throw new InvalidServiceToken(`unknown key id "${kid}"`);
  const body = `${PREFIX}.${kid}.${payload}`;
  if (!verify(null, Buffer.from(body), trusted.publicKey, Buffer.from(signature, 'base64url'))) {
    throw new InvalidServiceToken('bad signature');
  }
  let claims: ServiceClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ServiceClaims;
  } catch {
    throw new InvalidServiceToken('malformed claims');
  }
  const now = Math.floor(nowMs / 1000);
  if (claims.iss !== trusted.service) {
    throw new InvalidServiceToken(`key "${kid}" belongs to ${trusted.service}, not ${String(claims.iss)}`);
  }
  if (claims.aud !== audience) {
    throw new InvalidServiceToken(`issued for ${String(claims.aud)}, not ${audience}`);
  }
  if (!Number.isInteger(claims.iat) || !Number.isInteger(claims.exp)) {
    throw new InvalidServiceToken('malformed claims');
  }
  if (claims.exp < now - CLOCK_SKEW_S) throw new InvalidServiceToken('expired');
  if (claims.iat > now + CLOCK_SKEW_S) throw new InvalidServiceToken('issued in the future');
  if (claims.exp - claims.iat > MAX_TOKEN_LIFETIME_S) throw new InvalidServiceToken('lifetime too long');
  const actor =
    claims.act && typeof claims.act.id === 'string'
      ? {
          id: claims.act.id.slice(0, 200),
          ...(typeof claims.act.role === 'string' ? { role: claims.act.role } : {}),
        }
      : undefined;
  return { service: trusted.service, keyId: kid, ...(actor ? { actor } : {}) };
}

/** Keys as text: PKCS#8 / SPKI DER in base64, or PEM. */
export function parsePrivateKey(text: string): KeyObject {
  const t = text.trim();
  return t.startsWith('-----')
    ? createPrivateKey(t)
    : createPrivateKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'pkcs8' });
}

export function parsePublicKey(text: string): KeyObject {
  const t = text.trim();
  return t.startsWith('-----')
    ? createPublicKey(t)
    : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
}
