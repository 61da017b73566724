import type { DataSource } from 'typeorm';
import { hashToken, isWellFormedToken, newToken, type Principal, type Role } from './api-token';

export interface ApiTokenRecord {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** Default lifetime of a new token. */
export const DEFAULT_TOKEN_DAYS = 90;
/** How long a verified token is trusted without asking the DB again (a revocation takes this long). */
export const TOKEN_CACHE_MS = 30_000;
const TOKEN_CACHE_MAX = 10_000;

/** A `gateway_api_tokens` row as PostgreSQL returns it (bigint as text, timestamptz as Date). */
interface ApiTokenRow {
  id: string;
  name: string;
  role: Role;
  token_hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
}

/** The one mapping of a token row (the hash never leaves this file). */
const toRecord = (r: ApiTokenRow): ApiTokenRecord => ({
  id: Number(r.id),
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  expiresAt: r.expires_at,
});

export class TokenNameTaken extends Error {
  constructor(name: string) {
    super(`a live token named "${name}" exists already: revoke it first or choose another --name`);
    this.name = 'TokenNameTaken';
  }
}

/** `gateway_api_tokens` in the platform DB: the gateway's own table, read and written only here. */
export class ApiTokenStore {
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number; until: number }>();

  constructor(private readonly db: DataSource) {}

  /** Creates a token valid for `days`; the secret is returned here and never again. */
  async create(
    name: string,
    role: Role,
    days = DEFAULT_TOKEN_DAYS,
  ): Promise<{ token: string; record: ApiTokenRecord }> {
    const token = newToken();
    try {
      const [row] = await this.db.query<ApiTokenRow[]>(
        `INSERT INTO gateway_api_tokens (name, role, token_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING *`,
        [name, role, hashToken(token), days * 86_400],
      );
      return { token, record: toRecord(row) };
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new TokenNameTaken(name);
      throw error;
    }
  }

  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.db.query<ApiTokenRow[]>('SELECT * FROM gateway_api_tokens ORDER BY id');
    return rows.map(toRecord);
  }

  /** Revokes the live token of that name; false when there is none. */
  async revoke(name: string): Promise<boolean> {
    const [, count] = await this.db.query<[unknown[], number]>(
      'UPDATE gateway_api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL',
      [name],
    );
    return Number(count) > 0;
  }

  /**
   * The principal of a live token, or undefined. `last_used_at` is written at most once a minute per
   * token, so a busy client does not turn every read into a write.
   */
  async authenticate(token: string, nowMs = Date.now()): Promise<Principal | undefined> {
    // the shape first: garbage never reaches the DB
    if (!isWellFormedToken(token)) return undefined;
    const hash = hashToken(token);
    const cached = this.verified.get(hash);
    if (cached && cached.until > nowMs && cached.expiresAt > nowMs) return cached.principal;
    this.verified.delete(hash);
    const [row] = await this.db.query<
      Pick<ApiTokenRow, 'id' | 'name' | 'role' | 'last_used_at' | 'expires_at'>[]
    >(
      `SELECT id, name, role, last_used_at, expires_at FROM gateway_api_tokens
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [hash],
    );
    if (!row) return undefined;
    const lastUsed = row.last_used_at?.getTime() ?? 0;
    if (Date.now() - lastUsed > 60_000) {
      await this.db.query('UPDATE gateway_api_tokens SET last_used_at = now() WHERE id = $1', [row.id]);
    }
    const principal = { tokenId: Number(row.id), name: row.name, role: row.role };
    if (this.verified.size >= TOKEN_CACHE_MAX) this.verified.clear();
    this.verified.set(hash, {
      principal,
      expiresAt: row.expires_at.getTime(),
      until: nowMs + TOKEN_CACHE_MS,
    });
    return principal;
  }
}
