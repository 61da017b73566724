import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';

/** The audit log's GraphQL side; the store is in GatewayCoreModule (the GraphQL plugin writes it). */
@Module({ providers: [AuditResolver] })
export class AuditModule {}
