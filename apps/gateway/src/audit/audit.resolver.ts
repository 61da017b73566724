import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.guard';
import { badInput } from '../graphql/errors';
import { AuditLogStore } from './audit-log.store';
import { AuditEntryType } from './audit.types';

@Resolver(() => AuditEntryType)
export class AuditResolver {
  constructor(private readonly store: AuditLogStore) {}

  @Query(() => [AuditEntryType], { description: 'The audit log of mutations, newest first (admin)' })
  @Roles('admin')
  async auditLog(
    @Args('first', { type: () => Int, nullable: true, description: 'Default 50, at most 500' })
    first?: number,
    @Args('before', {
      type: () => ID,
      nullable: true,
      description: 'id of the last entry of the previous page',
    })
    before?: string,
  ): Promise<AuditEntryType[]> {
    const size = first ?? 50;
    if (!Number.isInteger(size) || size < 1 || size > 500) throw badInput('"first" must be 1..500');
    if (before !== undefined && before !== null && !/^\d{1,18}$/.test(before))
      throw badInput('"before" must be an entry id');
    const entries = await this.store.list(size, before ?? undefined);
    return entries.map((e) => ({ ...e, arguments: JSON.stringify(e.arguments) }));
  }
}
