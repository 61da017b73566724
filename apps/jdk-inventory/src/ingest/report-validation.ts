import { FLEET_REPORT_PARSE, fleetReportSchema, type FleetReport } from '@keel/jdk-detect';

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
 * Validates a parsed report against jdk-detect's `fleetReportSchema`. PostgreSQL refuses the NUL
 * character in text and jsonb, so a string holding one is refused here, naming the field, instead of
 * failing a whole batch in the database.
 */
export function validateReport(body: unknown, message?: Buffer): FleetReport {
  const result = fleetReportSchema.safeParse(body, FLEET_REPORT_PARSE);
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
  const nul = mayHoldNul && holdsNul(result.data) ? findNul(result.data, []) : null;
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

/** Whether any string (or key) in the value holds a NUL: the allocation-free check before findNul. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object') {
    for (const key in value) {
      if (key.includes('\0') || holdsNul((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

/** The dotted path of the first string (or key) holding a NUL, or null. */
function findNul(value: unknown, path: (string | number)[]): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path.join('.') || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\0')) return [...path, key].join('.');
      const found = findNul(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
