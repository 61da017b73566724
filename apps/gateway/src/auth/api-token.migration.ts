import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `gateway_api_tokens`: who may call the gateway. Only a SHA-256 hash of each secret is kept. */
export class CreateGatewayApiTokens1764200000000 implements MigrationInterface {
  name = 'CreateGatewayApiTokens1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS gateway_api_tokens (
        id           BIGSERIAL PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        token_hash   CHAR(64) NOT NULL UNIQUE,
        created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        last_used_at TIMESTAMPTZ(3),
        revoked_at   TIMESTAMPTZ(3)
      )`);
    // one live token per name, so `token revoke --name` means one thing
    await q.query(
      'CREATE UNIQUE INDEX IF NOT EXISTS gateway_api_tokens_live_name ON gateway_api_tokens (name) WHERE revoked_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gateway_api_tokens');
  }
}

export const gatewayMigrations = [CreateGatewayApiTokens1764200000000];
export const GATEWAY_MIGRATIONS_TABLE = 'gateway_migrations';
