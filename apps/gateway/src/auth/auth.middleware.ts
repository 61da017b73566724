import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, type Principal } from './api-token';
import { ApiTokenStore } from './api-token.store';
import { RateLimiter } from './rate-limit';
import { actFor } from '../upstream/upstream-clients';
import { errorMessage } from '@keel/service-runtime';

export const AUTH_OPTIONS = 'keel:gateway:auth-options';
export interface AuthOptions {
  /** The GraphiQL page (a GET asking for HTML and nothing else) is served without a token when enabled. */
  graphiql: boolean;
  /** Requests per minute per client IP (counted before authentication) and per token. */
  ratePerIpPerMin: number;
  ratePerTokenPerMin: number;
}

/**
 * A request for the GraphiQL page and nothing else: a GET that asks for HTML and carries no
 * operation (no `query`, `extensions` or `operationName` parameter), so there is nothing Apollo
 * could execute. `Accept: application/json, text/html;q=0.1` with a `query` is an API call and
 * needs a token like any other.
 */
export function isGraphiqlPage(
  method: string | undefined,
  url: string | undefined,
  accept: string | undefined,
): boolean {
  if (method !== 'GET' || !(accept ?? '').toLowerCase().includes('text/html')) return false;
  const params = new URL(url ?? '/', 'http://gateway').searchParams;
  return !params.has('query') && !params.has('extensions') && !params.has('operationName');
}

export type AuthenticatedRequest = IncomingMessage & { principal?: Principal };

function answer(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="keel-gateway"');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

function tooMany(res: ServerResponse, waitS: number, who: string): void {
  res.setHeader('Retry-After', String(waitS));
  answer(res, 429, 'RATE_LIMITED', `too many requests from ${who}; retry in ${waitS} s`);
}

/**
 * Every GraphQL request carries `Authorization: Bearer <token>` of a live token, or is answered
 * 401 before anything is parsed or executed. The principal rides on the request into the context.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Auth');

  private readonly perIp: RateLimiter;
  private readonly perToken: RateLimiter;

  constructor(
    private readonly tokens: ApiTokenStore,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    this.perIp = new RateLimiter(options.ratePerIpPerMin, 60_000);
    this.perToken = new RateLimiter(options.ratePerTokenPerMin, 60_000);
  }

  async use(req: AuthenticatedRequest, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    // every request counts against its IP, also the ones with a bad token (guessing costs the guesser)
    const ipWait = this.perIp.hit(`ip:${req.socket.remoteAddress ?? 'unknown'}`);
    if (ipWait > 0) return tooMany(res, ipWait, 'this address');
    if (this.options.graphiql && isGraphiqlPage(req.method, req.url, req.headers.accept)) {
      return next();
    }
    const token = bearerToken(req.headers.authorization);
    let principal: Principal | undefined;
    if (token) {
      try {
        principal = await this.tokens.authenticate(token);
      } catch (error) {
        this.logger.error(`token lookup failed: ${errorMessage(error)}`);
        return answer(res, 503, 'UPSTREAM_UNAVAILABLE', 'authentication is unavailable');
      }
    }
    if (!principal) {
      return answer(
        res,
        401,
        'UNAUTHENTICATED',
        token
          ? 'the bearer token is unknown, expired or revoked'
          : 'missing "Authorization: Bearer <token>" header',
      );
    }
    const tokenWait = this.perToken.hit(`token:${principal.tokenId}`);
    if (tokenWait > 0) return tooMany(res, tokenWait, `token "${principal.name}"`);
    req.principal = principal;
    // every upstream call made while serving this request says on whose behalf it is made
    actFor({ id: `token:${principal.name}`, role: principal.role }, () => next());
  }
}
