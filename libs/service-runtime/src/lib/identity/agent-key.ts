import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { ConfigError } from '../config';
import { DEV_KEYRING_PATH, ensureDevKeyring } from './keyring';

/**
 * Per-host agent keys: `kak1.<kid>.<hostname base64url>.<HMAC-SHA256 base64url>`, issued by an admin
 * for one host (`jdk-inventory agent-key issue --host <name>`) and installed on that host only. The
 * key names the host it was issued for, so an agent holding it can report for that host and no
 * other. Nothing is stored: the inventory recomputes the MAC with the issuing secret of `kid`.
 * Rotating the secret (a new kid first in AGENT_KEY_SECRETS, the old one kept until every host has
 * a new key) revokes the old keys when the old kid is dropped.
 */
export class AgentKeyRefused extends Error {
  constructor(readonly reason: string) {
    super(`agent key refused: ${reason}`);
    this.name = 'AgentKeyRefused';
  }
}

const normalise = (hostname: string) => hostname.trim().toLowerCase();

export class AgentKeyIssuer {
  /** The first kid issues; all verify. */
  constructor(private readonly secrets: readonly { kid: string; secret: Buffer }[]) {
    if (secrets.length === 0) throw new Error('AgentKeyIssuer needs at least one secret');
  }

  private mac(secret: Buffer, hostname: string): Buffer {
    return createHmac('sha256', secret)
      .update(`keel-agent:${normalise(hostname)}`)
      .digest();
  }

  issue(hostname: string): string {
    const { kid, secret } = this.secrets[0];
    const host = Buffer.from(normalise(hostname)).toString('base64url');
    return `kak1.${kid}.${host}.${this.mac(secret, hostname).toString('base64url')}`;
  }

  /** The hostname the key was issued for; throws AgentKeyRefused. */
  verify(key: unknown): string {
    if (typeof key !== 'string' || key.length === 0) throw new AgentKeyRefused('missing');
    const match = /^kak1\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(key);
    if (!match) throw new AgentKeyRefused('malformed');
    const [, kid, host, mac] = match;
    const entry = this.secrets.find((s) => s.kid === kid);
    if (!entry) throw new AgentKeyRefused(`unknown key id "${kid}"`);
    const hostname = Buffer.from(host, 'base64url').toString('utf8');
    const expected = this.mac(entry.secret, hostname);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AgentKeyRefused('bad signature');
    }
    return hostname;
  }
}

/** `Authorization: Bearer kak1...` → the key, or undefined. */
export function agentKeyOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(kak1\.\S+)$/i.exec(value ?? '')?.[1];
}

/**
 * AGENT_KEY_SECRETS=`<kid>:<base64 secret>[,<kid>:<secret>...]` (first issues); outside production,
 * unset means the development keyring's agent secret (created with it).
 */
export function loadAgentKeyIssuer(service: string, env: NodeJS.ProcessEnv = process.env): AgentKeyIssuer {
  const text = env['AGENT_KEY_SECRETS'];
  if (!text) {
    if (env['NODE_ENV'] === 'production') {
      throw new ConfigError(service, ['AGENT_KEY_SECRETS: not set (agent keys are required in production)']);
    }
    const keyring = ensureDevKeyring(path.resolve(env['KEEL_IDENTITY_FILE'] ?? DEV_KEYRING_PATH));
    const agent = keyring.agentKeys ?? [];
    if (agent.length === 0) {
      throw new ConfigError(service, [
        `AGENT_KEY_SECRETS: not set, and the keyring has no agentKeys (delete ${DEV_KEYRING_PATH} to recreate it)`,
      ]);
    }
    return new AgentKeyIssuer(agent.map((a) => ({ kid: a.kid, secret: Buffer.from(a.secret, 'base64') })));
  }
  const secrets = text.split(',').map((part) => {
    const colon = part.indexOf(':');
    const secret = Buffer.from(part.slice(colon + 1).trim(), 'base64');
    if (colon < 1 || secret.length < 32) {
      throw new ConfigError(service, [
        'AGENT_KEY_SECRETS: expected <kid>:<base64 secret of 32+ bytes>[,...]',
      ]);
    }
    return { kid: part.slice(0, colon).trim(), secret };
  });
  return new AgentKeyIssuer(secrets);
}

/** A new agent issuing secret, as AGENT_KEY_SECRETS wants it. */
export const newAgentSecret = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`;
