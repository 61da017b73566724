import { readFileSync } from 'node:fs';
import { SCHEMA_FILE, printGatewaySchema } from './schema-printer';

describe('schema.graphql', () => {
  it('is what the code defines', async () => {
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    const fromCode = await printGatewaySchema();
    if (fromCode !== checkedIn) {
      throw new Error(
        'apps/gateway/schema.graphql differs from the schema the resolvers define: run "npx nx run gateway:schema" and commit the file',
      );
    }
  });
});
