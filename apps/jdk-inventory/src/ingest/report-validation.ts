import { parseFleetReport, type FleetReport } from '@keel/jdk-detect';

export interface ReportIssue {
  /** Dotted path into the report, e.g. `host.hostname` or `installations.3.detection.bits`. */
  field: string;
  message: string;
}

/** A report that fails the schema; names every field that is wrong. */
export class InvalidReport extends Error {
  constructor(readonly issues: ReportIssue[]) {
    super(
      `InvalidReport: ${issues
        .slice(0, 5)
        .map((i) => `"${i.field}" ${i.message}`)
        .join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`,
    );
    this.name = 'InvalidReport';
  }
}

const MAX_ISSUES = 50;

/**
 * Validates a parsed report with jdk-detect's `parseFleetReport`. PostgreSQL refuses the NUL
 * character in text and jsonb, so a string holding one is refused here, naming the field, instead of
 * failing a whole batch in the database.
 */
export function validateReport(body: unknown, message?: Buffer): FleetReport {
  const result = parseFleetReport(body);
  if (!result.success) {
    throw new InvalidReport(
      result.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
        field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
        message: issue.message,
      })),
    );
  }
  // a Kafka message's own bytes say whether a NUL can be in it (JSON escapes it as \u0000; a raw one
  // is not valid JSON), so most messages skip the walk; an HTTP body is walked (no copy, no stringify)
  const mayHoldNul = message === undefined || message.includes('\\u0000');
  const nul = mayHoldNul ? findNul(result.data) : null;
  if (nul) throw new InvalidReport([{ field: nul, message: 'contains a NUL character' }]);
  return result.data;
}

/** Parses a Kafka message value (UTF-8 JSON) and validates it. */
export function parseReportMessage(value: Buffer | null): FleetReport {
  if (value === null || value.length === 0) {
    throw new InvalidReport([{ field: '(message)', message: 'the message has no value' }]);
  }
  let body: unknown;
  try {
    body = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new InvalidReport([{ field: '(json)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return validateReport(body, value);
}

/** The dotted path of the first string (or key) holding a NUL, or null. */
function findNul(value: unknown): string | null {
  const path = nulPath(value);
  return path === null ? null : path.join('.') || '(body)';
}

/** The path to the first NUL, built only on the way back from a hit (no allocation while walking). */
function nulPath(value: unknown): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\0') ? [] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i]);
      if (found) return [i, ...found];
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const key in value) {
      if (key.includes('\0')) return [key];
      const found = nulPath((value as Record<string, unknown>)[key]);
      if (found) return [key, ...found];
    }
  }
  return null;
}
