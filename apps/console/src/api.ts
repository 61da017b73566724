/// <reference lib="dom" />
/**
 * The console's only way to data: POST /graphql on the same origin with the user's token from
 * sessionStorage (entered once per browser session, never put in a URL). Every failure becomes a
 * ConsoleError whose message says what to do.
 */
const TOKEN_KEY = 'keel.console.token';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

export class ConsoleError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** What the user should do about an error code, in words. */
export function adviceFor(code: string | undefined, message: string): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'The gateway refused the token (unknown or revoked). Create one with "node dist/apps/gateway/cli.js token create --name me --role viewer" and sign in again.';
    case 'FORBIDDEN':
      return `${message}. This needs an operator token.`;
    case 'UPSTREAM_UNAVAILABLE':
      return `${message}. The app behind this part is down or slow: check "npx nx run platform:status" and its log in .local-stack/logs; the rest of the page still works.`;
    case 'QUERY_TOO_COMPLEX':
    case 'QUERY_TOO_DEEP':
      return `${message}. Ask for fewer rows (a smaller page).`;
    case 'BAD_USER_INPUT':
      return `${message}. Correct the value and try again.`;
    case 'NETWORK':
      return 'The gateway did not answer. Is the platform running ("npm run start:platform")?';
    default:
      return `${message}${code ? ` (${code})` : ''}.`;
  }
}

export interface Answer<T> {
  data: T;
  /** Field errors: the rest of the answer is there; a section whose field is null shows its error. */
  errors: GraphQLErrorEntry[];
}

/** Errors of one top-level field, as advice, or null. */
export function fieldError(answer: Answer<unknown>, field: string): string | null {
  const e = answer.errors.find((x) => x.path?.[0] === field);
  return e ? adviceFor(e.extensions?.code, e.message) : null;
}

let onUnauthenticated: (message: string) => void = () => undefined;
export function whenUnauthenticated(handler: (message: string) => void): void {
  onUnauthenticated = handler;
}

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  token = session.token(),
): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ConsoleError(adviceFor('NETWORK', ''), 'NETWORK');
  }
  let body: { data?: T | null; errors?: GraphQLErrorEntry[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ConsoleError(
      `The gateway answered HTTP ${response.status} without JSON. Is /graphql the Keel gateway?`,
      'HTTP',
    );
  }
  const errors = body.errors ?? [];
  const first = errors[0];
  if (response.status === 401 || first?.extensions?.code === 'UNAUTHENTICATED') {
    const advice = adviceFor('UNAUTHENTICATED', first?.message ?? 'unauthenticated');
    onUnauthenticated(advice);
    throw new ConsoleError(advice, 'UNAUTHENTICATED');
  }
  if (!body.data) {
    throw new ConsoleError(
      adviceFor(first?.extensions?.code, first?.message ?? `HTTP ${response.status}`),
      first?.extensions?.code ?? 'HTTP',
    );
  }
  return { data: body.data, errors };
}
