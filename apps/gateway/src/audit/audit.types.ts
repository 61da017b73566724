import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';

@ObjectType({ description: 'One mutation: who ran it, with what, and how it ended (admins only)' })
export class AuditEntryType {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field({ description: '`token:<name>` of the API token that ran it' }) principal!: string;
  @Field() role!: string;
  @Field({ description: 'Operation name, or (anonymous)' }) operation!: string;
  @Field(() => [String], { description: 'The mutation fields run' }) fields!: string[];
  @Field({ description: 'The variables as JSON text, secret-looking ones masked' })
  arguments!: string;
  @Field({ description: 'ok, refused or failed' }) outcome!: string;
  @Field(() => [String]) errorCodes!: string[];
  @Field(() => String, { nullable: true }) correlationId!: string | null;
}

@ObjectType({ description: 'Audit entries, newest first' })
export class AuditEntryConnection extends Connection(AuditEntryType, 'AuditEntry') {}
