import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, type Principal } from './api-token';
import { ApiTokenStore } from './api-token.store';
import { actFor } from '../upstream/upstream-clients';

export const AUTH_OPTIONS = 'keel:gateway:auth-options';
export interface AuthOptions {
  /** The GraphiQL page (GET with Accept: text/html) is served without a token when enabled. */
  graphiql: boolean;
}

export type AuthenticatedRequest = IncomingMessage & { principal?: Principal };

function answer(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="keel-gateway"');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Every GraphQL request carries `Authorization: Bearer <token>` of a live token, or is answered
 * 401 before anything is parsed or executed. The principal rides on the request into the context.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly tokens: ApiTokenStore,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  async use(req: AuthenticatedRequest, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    if (this.options.graphiql && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
      return next();
    }
    const token = bearerToken(req.headers.authorization);
    let principal: Principal | undefined;
    if (token) {
      try {
        principal = await this.tokens.authenticate(token);
      } catch (error) {
        this.logger.error(`token lookup failed: ${error instanceof Error ? error.message : String(error)}`);
        return answer(res, 503, 'UPSTREAM_UNAVAILABLE', 'authentication is unavailable');
      }
    }
    if (!principal) {
      return answer(
        res,
        401,
        'UNAUTHENTICATED',
        token ? 'the bearer token is unknown or revoked' : 'missing "Authorization: Bearer <token>" header',
      );
    }
    req.principal = principal;
    // every upstream call made while serving this request says on whose behalf it is made
    actFor({ id: `token:${principal.name}`, role: principal.role }, () => next());
  }
}
