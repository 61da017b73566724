import { generateKeyPairSync } from 'node:crypto';
import {
  CLOCK_SKEW_S,
  InvalidServiceToken,
  signServiceToken,
  verifyServiceToken,
  type SigningKey,
  type TrustedKey,
} from './service-token';

const pair = (service: string, kid: string): { signing: SigningKey; trusted: [string, TrustedKey] } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signing: { kid, service, privateKey }, trusted: [kid, { service, publicKey }] };
};

const gateway = pair('gateway', 'gateway-1');
const scan = pair('jdk-scan', 'jdk-scan-1');
const trust = new Map([gateway.trusted, scan.trusted]);
const reason = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidServiceToken) return error.reason;
    throw error;
  }
  return 'accepted';
};

describe('service tokens', () => {
  it('name the calling service and the person it acts for', () => {
    const token = signServiceToken(gateway.signing, 'jdk-inventory', { actor: { id: 'ops', role: 'admin' } });
    expect(verifyServiceToken(token, 'jdk-inventory', trust)).toEqual({
      service: 'gateway',
      keyId: 'gateway-1',
      actor: { id: 'ops', role: 'admin' },
    });
  });

  it('are refused when missing, malformed, for another app, expired or from the future', () => {
    const now = Date.now();
    const token = signServiceToken(gateway.signing, 'jdk-inventory', { nowMs: now });
    expect(reason(() => verifyServiceToken(undefined, 'jdk-inventory', trust))).toBe('missing');
    expect(reason(() => verifyServiceToken('keel_abc', 'jdk-inventory', trust))).toBe('malformed');
    expect(reason(() => verifyServiceToken(token, 'jmh-runner', trust))).toBe(
      'issued for jdk-inventory, not jmh-runner',
    );
    const later = now + (60 + CLOCK_SKEW_S + 1) * 1000;
    expect(reason(() => verifyServiceToken(token, 'jdk-inventory', trust, later))).toBe('expired');
    const future = signServiceToken(gateway.signing, 'jdk-inventory', { nowMs: now + 120_000 });
    expect(reason(() => verifyServiceToken(future, 'jdk-inventory', trust, now))).toBe(
      'issued in the future',
    );
    const long = signServiceToken(gateway.signing, 'jdk-inventory', { lifetimeS: 3600 });
    expect(reason(() => verifyServiceToken(long, 'jdk-inventory', trust))).toBe('lifetime too long');
  });

  it('cannot be forged: a changed claim, a key of another service, an unknown key id', () => {
    const token = signServiceToken(scan.signing, 'jdk-inventory');
    const [prefix, kid, , signature] = token.split('.');
    const claims = Buffer.from(
      JSON.stringify({ iss: 'gateway', aud: 'jdk-inventory', iat: 1, exp: 2 }),
    ).toString('base64url');
    expect(
      reason(() => verifyServiceToken(`${prefix}.${kid}.${claims}.${signature}`, 'jdk-inventory', trust)),
    ).toBe('bad signature');
    // jdk-scan signing a token that claims to be the gateway, with its own (valid) key
    const impostor = signServiceToken({ ...scan.signing, service: 'gateway' }, 'jdk-inventory');
    expect(reason(() => verifyServiceToken(impostor, 'jdk-inventory', trust))).toBe(
      'key "jdk-scan-1" belongs to jdk-scan, not gateway',
    );
    const stranger = pair('gateway', 'gateway-2');
    expect(reason(() => verifyServiceToken(signServiceToken(stranger.signing, 'x'), 'x', trust))).toBe(
      'unknown key id "gateway-2"',
    );
  });

  it('rotate: a token of the old key verifies while both are trusted, and not after the old one is dropped', () => {
    const next = pair('gateway', 'gateway-2');
    const old = signServiceToken(gateway.signing, 'supervisor');
    const both = new Map([gateway.trusted, next.trusted]);
    expect(verifyServiceToken(old, 'supervisor', both).keyId).toBe('gateway-1');
    expect(verifyServiceToken(signServiceToken(next.signing, 'supervisor'), 'supervisor', both).keyId).toBe(
      'gateway-2',
    );
    expect(reason(() => verifyServiceToken(old, 'supervisor', new Map([next.trusted])))).toBe(
      'unknown key id "gateway-1"',
    );
  });
});
