import { z } from 'zod';

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const EXPECTED = 'expected true/false, 1/0 or yes/no';

/** The one reading of a boolean environment variable; undefined when it is unset or empty. */
function readBoolean(value: string | undefined): boolean | undefined | 'invalid' {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return 'invalid';
}

/**
 * A boolean environment variable: true/false, 1/0 or yes/no in any case; unset or empty gives
 * `fallback`; anything else throws an error naming the variable. For code that reads the
 * environment without a schema; configs use `envBoolean`.
 */
export function parseEnvBoolean(variable: string, value: string | undefined, fallback: boolean): boolean;
export function parseEnvBoolean(variable: string, value: string | undefined): boolean | undefined;
export function parseEnvBoolean(variable: string, value: string | undefined, fallback?: boolean) {
  const parsed = readBoolean(value);
  if (parsed === 'invalid') throw new Error(`${variable}: ${EXPECTED} (got ${JSON.stringify(value)})`);
  return parsed ?? fallback;
}

/**
 * The zod form of `parseEnvBoolean` for config schemas: `envBoolean(true)` defaults to true,
 * `envBoolean()` leaves an unset variable undefined (for a default that depends on other settings).
 * `loadConfig` names the variable in its error.
 */
export function envBoolean(fallback: boolean): z.ZodType<boolean, z.ZodTypeDef, string | undefined>;
export function envBoolean(): z.ZodType<boolean | undefined, z.ZodTypeDef, string | undefined>;
export function envBoolean(
  fallback?: boolean,
): z.ZodType<boolean | undefined, z.ZodTypeDef, string | undefined> {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = readBoolean(value);
      if (parsed !== 'invalid') return parsed ?? fallback;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: EXPECTED });
      return z.NEVER;
    });
}
