import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The architecture is enforced, not hoped for: these run the repository's real ESLint (CLI and
// config) on code placed, through --stdin-filename, inside real projects, and expect
// @nx/enforce-module-boundaries to object.
const workspaceRoot = path.resolve(__dirname, '../../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

const BOUNDARY_RULES = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(
    path.join(workspaceRoot, 'node_modules/.bin/eslint'),
    ['--format', 'json', '--stdin', '--stdin-filename', filePath],
    { cwd: workspaceRoot, input: code, encoding: 'utf8' },
  );
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result.messages.filter((m) => BOUNDARY_RULES.includes(m.ruleId ?? '')).map((m) => m.message);
}

describe('module boundaries', () => {
  it('refuse a jdk lib importing an indexing lib', async () => {
    const errors = await boundaryErrors(
      'libs/jdk-detect/src/lib/forbidden.ts',
      "import { indexNameFor } from '@keel/es-alias';\nexport const x = indexNameFor;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:jdk/);
  });

  it('refuse a shared lib importing a scoped lib', async () => {
    const errors = await boundaryErrors(
      'libs/datasource/src/lib/forbidden.ts',
      "import { indexNameFor } from '@keel/es-alias';\nexport const x = indexNameFor;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuse a lib importing an app, by package name or by path', async () => {
    const byName = await boundaryErrors(
      'libs/etl-core/src/lib/forbidden.ts',
      "import { AppModule } from '@keel/indexer-stream';\nexport const x = AppModule;\n",
    );
    expect(byName.join('\n')).toMatch(/apps are not libraries/);
    const byPath = await boundaryErrors(
      'libs/etl-core/src/lib/forbidden.ts',
      "import { AppModule } from '../../../../apps/indexer-stream/src/app.module';\nexport const x = AppModule;\n",
    );
    expect(byPath.length).toBeGreaterThan(0);
  });

  it('refuse a relative import across projects', async () => {
    const errors = await boundaryErrors(
      'apps/gateway/src/forbidden.ts',
      "import { loadConfig } from '../../../libs/service-runtime/src/lib/config';\nexport const x = loadConfig;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it("refuse shipped code importing a lib's testing entry, and allow tests to", async () => {
    const code =
      "import { openServingIndex } from '@keel/etl-core/testing';\nexport const x = openServingIndex;\n";
    expect((await boundaryErrors('apps/indexer-batch/src/batch/forbidden.ts', code)).join('\n')).toMatch(
      /testing entry is for tests/,
    );
    expect(await boundaryErrors('apps/indexer-batch/test/allowed.ts', code)).toEqual([]);
  });

  it('refuse an indexing app importing a jdk lib', async () => {
    const errors = await boundaryErrors(
      'apps/indexer-batch/src/forbidden.ts',
      "import { identifyJdk } from '@keel/jdk-detect';\nexport const x = identifyJdk;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:indexing/);
  });

  it('allow the gateway (scope:gateway) to use indexing, jdk and shared libs', async () => {
    const errors = await boundaryErrors(
      'apps/gateway/src/allowed.ts',
      "import { aliasState } from '@keel/es-alias';\nimport { identifyJdk } from '@keel/jdk-detect';\nimport { loadConfig } from '@keel/service-runtime';\nexport const x = [aliasState, identifyJdk, loadConfig];\n",
    );
    expect(errors).toEqual([]);
  });

  it('allow an indexing app to use indexing and shared libs', async () => {
    const errors = await boundaryErrors(
      'apps/indexer-stream/src/allowed.ts',
      "import { indexNameFor } from '@keel/es-alias';\nimport { loadConfig } from '@keel/service-runtime';\nexport const x = [indexNameFor, loadConfig];\n",
    );
    expect(errors).toEqual([]);
  });
});
