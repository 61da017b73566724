import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import path from 'node:path';
import { AuditResolver } from '../audit/audit.resolver';
import { JmhComparisonResolver, JmhRunResolver } from '../benchmarks/benchmarks.resolver';
import { IndexingResolver, JobResolver } from '../indexing/indexing.resolver';
import { JdkHostResolver, JdkInstallationResolver, JdkSummaryResolver } from '../jdk/jdk.resolver';
import { JdkUpgradePlanResolver } from '../jdk/upgrade-plan.resolver';
import { ProductsResolver } from '../products/products.resolver';

/** Every resolver of the gateway: what the schema is built from, at start-up and here. */
export const GATEWAY_RESOLVERS = [
  IndexingResolver,
  JobResolver,
  JdkHostResolver,
  JdkInstallationResolver,
  JdkSummaryResolver,
  JdkUpgradePlanResolver,
  JmhRunResolver,
  JmhComparisonResolver,
  ProductsResolver,
  AuditResolver,
];

export const SCHEMA_HEADER =
  '# The Keel gateway schema, printed from the code (nx run gateway:schema). Do not edit by hand.\n\n';

export const SCHEMA_FILE = path.resolve(__dirname, '../../schema.graphql');

/** The schema the resolvers define, without starting the gateway. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    return await app.get(GraphQLSchemaFactory).create(GATEWAY_RESOLVERS);
  } finally {
    await app.close();
  }
}

/** The schema the resolvers define, printed in a stable (sorted) order: what `schema.graphql` holds. */
export async function printGatewaySchema(): Promise<string> {
  return `${SCHEMA_HEADER}${printSchema(lexicographicSortSchema(await buildGatewaySchema()))}\n`;
}
