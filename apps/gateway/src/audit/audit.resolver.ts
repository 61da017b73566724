import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.guard';
import type { ConnectionValue } from '../graphql/connection';
import { badInput } from '../graphql/errors';
import { AuditLogStore } from './audit-log.store';
import { AuditEntryConnection, AuditEntryType } from './audit.types';

const CURSOR_PREFIX = 'audit1:';
const cursorOf = (id: string) => Buffer.from(`${CURSOR_PREFIX}${id}`, 'utf8').toString('base64url');
function idAfter(after: string | null | undefined): string | undefined {
  if (after === undefined || after === null || after === '') return undefined;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const id = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (!/^\d{1,18}$/.test(id)) throw badInput('"after" is not a cursor this API gave out');
  return id;
}

@Resolver(() => AuditEntryType)
export class AuditResolver {
  constructor(private readonly store: AuditLogStore) {}

  @Query(() => AuditEntryConnection, { description: 'The audit log of mutations, newest first (admin)' })
  @Roles('admin')
  async auditLog(
    @Args('first', { type: () => Int, nullable: true, description: 'Default 50, at most 500' })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ConnectionValue<AuditEntryType>> {
    const size = first ?? 50;
    if (!Number.isInteger(size) || size < 1 || size > 500) throw badInput('"first" must be 1..500');
    const entries = await this.store.list(size + 1, idAfter(after));
    const page = entries.slice(0, size).map((e) => ({ ...e, arguments: JSON.stringify(e.arguments) }));
    const edges = page.map((node) => ({ node, cursor: cursorOf(node.id) }));
    return {
      edges,
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: entries.length > size },
    };
  }
}
