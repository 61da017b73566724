import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { TypeScriptBlock } from './markdown';

export interface SnippetFailure {
  file: string;
  line: number;
  message: string;
}

/**
 * Type-checks README snippets as the code would: with tsconfig.base.json's options and @keel/* paths,
 * each snippet as its own module (top-level await allowed), after its `ts-context` declarations.
 */
export function typeCheckSnippets(
  workspaceRoot: string,
  snippets: { file: string; block: TypeScriptBlock }[],
): SnippetFailure[] {
  const dir = path.join(workspaceRoot, 'tmp', 'docs-check');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sources = new Map<string, { file: string; line: number; offset: number }>();
  snippets.forEach(({ file, block }, i) => {
    const name = path.join(dir, `snippet-${i}.ts`);
    const preamble = `${block.context}\n`;
    writeFileSync(name, `${preamble}${block.code}\nexport {};\n`);
    sources.set(path.resolve(name), { file, line: block.line, offset: preamble.split('\n').length - 1 });
  });
  const config = ts.readConfigFile(path.join(workspaceRoot, 'tsconfig.base.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, workspaceRoot);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    module: ts.ModuleKind.ES2022,
    noEmit: true,
    noUnusedLocals: false,
  };
  const program = ts.createProgram([...sources.keys()], options);
  const failures: SnippetFailure[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const fileName = diagnostic.file ? path.resolve(diagnostic.file.fileName) : '';
    const source = sources.get(fileName);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!source) {
      failures.push({ file: fileName || '(program)', line: 0, message });
      continue;
    }
    const at = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line ?? 0;
    // The fence is on block.line; the snippet's first line is the one after it.
    failures.push({ file: source.file, line: source.line + 1 + at - source.offset, message });
  }
  rmSync(dir, { recursive: true, force: true });
  return failures;
}
