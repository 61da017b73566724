import type { DataSource } from 'typeorm';

export interface AuditEntry {
  id: string;
  at: Date;
  principal: string;
  role: string;
  operation: string;
  fields: string[];
  arguments: Record<string, unknown>;
  outcome: 'ok' | 'refused' | 'failed';
  errorCodes: string[];
  correlationId: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/** Variables that look secret are not kept (an index name is, a password never). */
const SECRET_NAME = /(pass|secret|token|key|credential)/i;
export function auditArguments(variables: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(variables ?? {}).map(([k, v]) => [k, SECRET_NAME.test(k) ? '***' : v]),
  );
}

/** A `gateway_audit_log` row as PostgreSQL returns it (bigint as text, text[] and jsonb parsed). */
interface AuditLogRow {
  id: string;
  at: Date;
  principal: string;
  role: string;
  operation: string;
  fields: string[];
  arguments: Record<string, unknown>;
  outcome: AuditEntry['outcome'];
  error_codes: string[];
  correlation_id: string | null;
}

const toEntry = (r: AuditLogRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  principal: r.principal,
  role: r.role,
  operation: r.operation,
  fields: r.fields,
  arguments: r.arguments,
  outcome: r.outcome,
  errorCodes: r.error_codes,
  correlationId: r.correlation_id,
});

/**
 * `gateway_audit_log`: every mutation, who ran it, with what, and how it ended. Append only; the
 * gateway's own table, read and written only here.
 */
export class AuditLogStore {
  constructor(private readonly db: DataSource) {}

  async append(entry: NewAuditEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO gateway_audit_log (principal, role, operation, fields, arguments, outcome, error_codes, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.principal,
        entry.role,
        entry.operation,
        entry.fields,
        JSON.stringify(entry.arguments),
        entry.outcome,
        entry.errorCodes,
        entry.correlationId,
      ],
    );
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(first: number, before?: string): Promise<AuditEntry[]> {
    const rows = await this.db.query<AuditLogRow[]>(
      `SELECT * FROM gateway_audit_log WHERE ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $1`,
      [first, before ?? null],
    );
    return rows.map(toEntry);
  }
}
