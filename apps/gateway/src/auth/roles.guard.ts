import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { gatewayError } from '../graphql/errors';
import { roleAtLeast, type Principal, type Role } from './api-token';

const ROLE_KEY = 'keel:gateway:role';

/** The least role a resolver needs; without it, any authenticated caller (viewer) may call it. */
export const Roles = (role: Role) => SetMetadata(ROLE_KEY, role);

/**
 * Checks the caller's role on every GraphQL resolver (a global guard). Authentication itself happened
 * in the middleware; a resolver reached without a principal is refused as well, to fail closed.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const needed =
      this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'viewer';
    const principal = GqlExecutionContext.create(context).getContext<{ principal?: Principal }>().principal;
    if (!principal) throw gatewayError('UNAUTHENTICATED', 'not authenticated', 401);
    if (!roleAtLeast(principal.role, needed)) {
      throw gatewayError(
        'FORBIDDEN',
        `${context.getHandler().name} needs the ${needed} role; token "${principal.name}" is ${principal.role}`,
        403,
      );
    }
    return true;
  }
}
