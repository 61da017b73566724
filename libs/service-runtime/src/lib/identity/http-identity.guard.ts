import type { HttpAuthorisation } from '@keel/api-contracts';
import { HttpException, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { ServiceKeyring } from './keyring';
import { enterAsCaller } from './principal';
import { InvalidServiceToken, verifyServiceToken, type CallerIdentity } from './service-token';

/** Routes every probe and scraper reaches without an identity. */
const OPEN = /^\/(health|metrics)(\/|$)/;

export type IdentifiedRequest = IncomingMessage & {
  route?: { path?: string };
  path?: string;
  caller?: CallerIdentity;
};

/**
 * The admin HTTP routes' gate (a global guard): `Authorization: Bearer <service token>` for this
 * app, from a caller the HTTP authorisation table lists for `METHOD /route`. `/health*` and
 * `/metrics` stay open; a route marked `agent` is left to the app's agent-key check; an unlisted
 * route is refused to everyone. RPC handlers pass (their server authenticated them already).
 */
export class HttpIdentityGuard implements CanActivate {
  private readonly logger = new Logger('HttpIdentity');

  constructor(
    private readonly keyring: ServiceKeyring,
    private readonly authorisation: HttpAuthorisation,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<IdentifiedRequest>();
    const routePath = req.route?.path ?? req.path ?? req.url ?? '';
    if (OPEN.test(routePath)) return true;
    const key = `${req.method} ${routePath}`;
    const allowed = Object.prototype.hasOwnProperty.call(this.authorisation, key)
      ? this.authorisation[key]
      : undefined;
    if (allowed === 'agent') return true;
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    let caller: CallerIdentity;
    try {
      caller = verifyServiceToken(token, this.keyring.service, this.keyring.trust);
    } catch (error) {
      const reason = error instanceof InvalidServiceToken ? error.reason : 'unverifiable';
      this.logger.warn(`refused ${key}: ${reason}`);
      throw new HttpException(
        { code: 'UNAUTHENTICATED', message: `service identity required: ${reason}` },
        401,
      );
    }
    if (!allowed || !allowed.includes(caller.service as (typeof allowed)[number])) {
      this.logger.warn(`refused ${key} to ${caller.service}`);
      throw new HttpException(
        {
          code: 'FORBIDDEN',
          message: allowed
            ? `${caller.service} may not call ${key}`
            : `${key} is not in this app's authorisation table`,
        },
        403,
      );
    }
    req.caller = caller;
    // the handler runs later in this same async chain, so currentCaller() sees the caller there too
    enterAsCaller(caller);
    return true;
  }
}
