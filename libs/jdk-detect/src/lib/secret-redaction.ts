/**
 * Redaction by value of what a JVM command line may carry in clear: `-Ddb.url=jdbc:…//user:pass@db`
 * (URL user info), `-Dkey=…` / `…password=…` / `token=…` anywhere (key=value pairs whose key looks
 * secret), and the arguments of `-javaagent:` / `-agentpath:` (agents take their licence keys and
 * tokens there). What stays is enough to tell which option it was: the migration rules read option
 * names, never secret values.
 */
export const REDACTED = '***';

/** Keys that hold secrets, as a whole word or a part of one (`db.password`, `apiKey`, `key`). */
const SECRET_KEY =
  /(pass(word|wd|phrase)?|pwd|secret|token|credential|api[._-]?key|private[._-]?key|^key$|[._-]key$|auth)/i;

/** `scheme://user:password@host` and `scheme://token@host` → the user info replaced. */
const URL_USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)([^/@\s]+)@/gi;

/** `name=value` pairs inside an option (separated by `,` `;` `&` or spaces). */
const PAIR = /(^|[,;&\s?])([A-Za-z0-9_.-]+)=([^,;&\s]*)/g;

export function redactJvmOption(option: string): string {
  const agent = /^(-javaagent:|-agentpath:)([^=]*)=(.+)$/s.exec(option);
  if (agent) return `${agent[1]}${agent[2]}=${REDACTED}`;
  let text = option.replace(URL_USER_INFO, (_m, scheme: string) => `${scheme}${REDACTED}@`);
  const property = /^-D([^=]+)=(.*)$/s.exec(text);
  if (property && SECRET_KEY.test(property[1]) && property[2] !== '') return `-D${property[1]}=${REDACTED}`;
  const prefix = property ? `-D${property[1]}=` : '';
  const rest = property ? property[2] : text;
  const pairs = rest.replace(PAIR, (whole, sep: string, key: string, value: string) =>
    SECRET_KEY.test(key) && value !== '' ? `${sep}${key}=${REDACTED}` : whole,
  );
  text = `${prefix}${pairs}`;
  return text;
}

export const redactJvmOptions = (options: readonly string[]): string[] => options.map(redactJvmOption);
