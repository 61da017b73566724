import { SERVICE_IDENTITIES } from '@keel/api-contracts';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import {
  parsePrivateKey,
  parsePublicKey,
  signServiceToken,
  type ActingPrincipal,
  type SigningKey,
  type TrustedKey,
} from './service-token';

/**
 * Where a service's identity comes from:
 * - `KEEL_IDENTITY_KEY=<kid>:<PKCS#8 base64>`: this service's own signing key (a Kubernetes Secret
 *   per app), and `KEEL_IDENTITY_TRUST={"<kid>":{"service":"gateway","publicKey":"<SPKI base64>"},...}`:
 *   the public keys this service accepts (a ConfigMap shared by all);
 * - or `KEEL_IDENTITY_FILE=<path>`: a keyring file holding both (`{ keys: { <service>: { kid,
 *   privateKey } }, trust }`), what the local platform and the tests use;
 * - neither, outside production: the development keyring `.local-stack/service-identity.json`,
 *   created on first use, so a fresh clone runs with no manual step. In production that is a
 *   configuration error naming the variables.
 */
export interface KeyringFile {
  keys: Record<string, { kid: string; privateKey: string }>;
  trust: Record<string, { service: string; publicKey: string }>;
  /** Agent key issuing secrets (AGENT_KEY_SECRETS in production), first issues. */
  agentKeys?: { kid: string; secret: string }[];
}

export class ServiceKeyring {
  constructor(
    readonly service: string,
    readonly signingKey: SigningKey | undefined,
    readonly trust: ReadonlyMap<string, TrustedKey>,
  ) {}

  /** A token from this service for `audience`, acting for `actor` when given. */
  tokenFor(audience: string, actor?: ActingPrincipal): string {
    if (!this.signingKey) {
      throw new ConfigError(this.service, [`KEEL_IDENTITY_KEY: this service has no signing key (not set)`]);
    }
    return signServiceToken(this.signingKey, audience, { actor });
  }
}

export const DEV_KEYRING_PATH = '.local-stack/service-identity.json';

/** The development keyring at `file`, created (one Ed25519 key per identity) when missing. */
export function ensureDevKeyring(file: string): KeyringFile {
  if (!existsSync(file)) {
    const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const keyring: KeyringFile = {
      keys: {},
      trust: {},
      agentKeys: [{ kid: `agents-dev-${stamp}`, secret: randomBytes(32).toString('base64') }],
    };
    for (const service of SERVICE_IDENTITIES) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const kid = `${service}-dev-${stamp}`;
      keyring.keys[service] = {
        kid,
        privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      };
      keyring.trust[kid] = {
        service,
        publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      };
    }
    mkdirSync(path.dirname(file), { recursive: true });
    // written aside, then linked into place: two apps starting at once end up with the same file
    const aside = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(aside, JSON.stringify(keyring, null, 2), { mode: 0o600 });
    try {
      linkSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as KeyringFile;
}

function trustOf(service: string, variable: string, entries: KeyringFile['trust']): Map<string, TrustedKey> {
  const trust = new Map<string, TrustedKey>();
  for (const [kid, entry] of Object.entries(entries ?? {})) {
    try {
      trust.set(kid, { service: entry.service, publicKey: parsePublicKey(entry.publicKey) });
    } catch (error) {
      throw new ConfigError(service, [
        `${variable}: key "${kid}" is not an SPKI public key (${(error as Error).message})`,
      ]);
    }
  }
  return trust;
}

/** Loads `service`'s keyring from the environment (see KeyringFile). */
export function loadKeyring(service: string, env: NodeJS.ProcessEnv = process.env): ServiceKeyring {
  const key = env['KEEL_IDENTITY_KEY'];
  const trustText = env['KEEL_IDENTITY_TRUST'];
  if (key || trustText) {
    if (!trustText) throw new ConfigError(service, ['KEEL_IDENTITY_TRUST: not set (KEEL_IDENTITY_KEY is)']);
    let entries: KeyringFile['trust'];
    try {
      entries = JSON.parse(trustText) as KeyringFile['trust'];
    } catch {
      throw new ConfigError(service, ['KEEL_IDENTITY_TRUST: not JSON ({"<kid>":{"service","publicKey"}})']);
    }
    const trust = trustOf(service, 'KEEL_IDENTITY_TRUST', entries);
    let signingKey: SigningKey | undefined;
    if (key) {
      const colon = key.indexOf(':');
      const kid = key.slice(0, colon);
      if (colon < 1 || trust.get(kid)?.service !== service) {
        throw new ConfigError(service, [
          `KEEL_IDENTITY_KEY: expected <kid>:<key> with a kid that KEEL_IDENTITY_TRUST gives to ${service}`,
        ]);
      }
      signingKey = { kid, service, privateKey: parsePrivateKey(key.slice(colon + 1)) };
    }
    return new ServiceKeyring(service, signingKey, trust);
  }
  let file = env['KEEL_IDENTITY_FILE'];
  if (!file) {
    if (env['NODE_ENV'] === 'production') {
      throw new ConfigError(service, [
        'KEEL_IDENTITY_KEY, KEEL_IDENTITY_TRUST: not set (a service identity is required in production)',
      ]);
    }
    file = path.resolve(DEV_KEYRING_PATH);
  }
  const keyring =
    file === path.resolve(DEV_KEYRING_PATH) ? ensureDevKeyring(file) : readKeyringFile(service, file);
  const own = keyring.keys[service];
  const signingKey = own ? { kid: own.kid, service, privateKey: parsePrivateKey(own.privateKey) } : undefined;
  return new ServiceKeyring(service, signingKey, trustOf(service, 'KEEL_IDENTITY_FILE', keyring.trust));
}

function readKeyringFile(service: string, file: string): KeyringFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KeyringFile;
  } catch (error) {
    throw new ConfigError(service, [`KEEL_IDENTITY_FILE: cannot read ${file} (${(error as Error).message})`]);
  }
}
