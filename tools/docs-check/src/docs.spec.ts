import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownFiles, relativeLinks, typeCheckSnippets, typeScriptBlocks, workspaceRoot } from './index';

const files = markdownFiles();

it('finds the docs (the root README, docs/ and the project READMEs)', () => {
  expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/development.md']));
});

it('has no relative link in any Markdown file that points at nothing', () => {
  const broken: string[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(workspaceRoot, file), 'utf8');
    for (const link of relativeLinks(text)) {
      const target = decodeURIComponent(link.target.split('#')[0]?.split('?')[0] ?? '');
      if (target === '') continue;
      const resolved = target.startsWith('/')
        ? path.join(workspaceRoot, target)
        : path.resolve(workspaceRoot, path.dirname(file), target);
      if (!existsSync(resolved)) broken.push(`${file}:${link.line} -> ${link.target}`);
    }
  }
  expect(broken).toEqual([]);
});

it('type-checks every TypeScript block in the READMEs against the code', () => {
  const snippets = files
    .filter((file) => path.basename(file) === 'README.md')
    .flatMap((file) =>
      typeScriptBlocks(readFileSync(path.join(workspaceRoot, file), 'utf8')).map((block) => ({
        file,
        block,
      })),
    );
  expect(snippets.length).toBeGreaterThan(0);
  const failures = typeCheckSnippets(workspaceRoot, snippets).map((f) => `${f.file}:${f.line}: ${f.message}`);
  expect(failures).toEqual([]);
}, 120_000);
