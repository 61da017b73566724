import 'reflect-metadata';
import { runCli } from '@keel/service-runtime';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMA_FILE, printGatewaySchema } from '../graphql/schema-printer';

/** Writes apps/gateway/schema.graphql from the code (nx run gateway:schema). */
runCli(async () => {
  writeFileSync(SCHEMA_FILE, await printGatewaySchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  return 0;
});
