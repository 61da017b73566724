import { copyFileSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ZodError, ZodTypeAny } from 'zod';
import { JdkKnowledge, KNOWLEDGE_FILES, KnowledgeFileName } from './knowledge.schema';

/** A data file that is missing, not JSON, or fails its schema; names the file and the field. */
export class InvalidKnowledgeFile extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`InvalidKnowledgeFile: ${file}: "${field}" ${detail}`);
    this.name = 'InvalidKnowledgeFile';
  }
}

/** The data directory shipped with the lib; KEEL_JDK_DATA_DIR overrides it (updated facts, no release). */
export function defaultKnowledgeDir(): string {
  return process.env['KEEL_JDK_DATA_DIR'] ?? resolve(__dirname, '../../data');
}

/** Validates one parsed data file against the schema its name selects. */
export function validateKnowledgeFile(fileName: string, content: unknown): unknown {
  const schema = schemaFor(fileName);
  const result = schema.safeParse(content);
  if (!result.success) throw fromZod(fileName, result.error);
  return result.data;
}

/** Reads and validates every data file; throws InvalidKnowledgeFile on the first bad one. */
export function loadKnowledge(dir: string = defaultKnowledgeDir()): JdkKnowledge {
  const read = <T>(name: KnowledgeFileName): T =>
    validateKnowledgeFile(name, readJson(join(dir, name), name)) as T;
  return {
    vendors: read('vendors.json'),
    ltsTrains: read('lts-trains.json'),
    licenceTerms: read('licence-terms.json'),
    supportDates: read('support-dates.json'),
    latestUpdates: read('latest-updates.json'),
    migrationRules: read('migration-rules.json'),
  };
}

export interface ImportResult {
  file: KnowledgeFileName;
  target: string;
  backup: string | null;
  asOf: string;
}

/**
 * Validates a new data file (its name says which one it replaces, or pass `as`) and writes it into the
 * data directory atomically, keeping the previous file as `<name>.bak`. Nothing is written when invalid.
 */
export function importKnowledge(
  sourcePath: string,
  dir: string = defaultKnowledgeDir(),
  as?: string,
): ImportResult {
  const name = (as ?? basename(sourcePath)) as KnowledgeFileName;
  schemaFor(name);
  const text = readText(sourcePath, name);
  const content = validateKnowledgeFile(name, parseJson(text, name)) as { asOf: string };
  const target = join(dir, name);
  let backup: string | null = `${target}.bak`;
  try {
    copyFileSync(target, backup);
  } catch {
    backup = null; // first import of this file: nothing to keep
  }
  const temp = `${target}.tmp-${process.pid}`;
  // the file is written as given (validated, not re-serialised), so its formatting and key order survive
  writeFileSync(temp, text.endsWith('\n') ? text : `${text}\n`);
  renameSync(temp, target);
  return { file: name, target, backup, asOf: content.asOf };
}

function schemaFor(fileName: string): ZodTypeAny {
  if (!(fileName in KNOWLEDGE_FILES)) {
    throw new InvalidKnowledgeFile(
      fileName,
      '(file name)',
      `is not one of ${Object.keys(KNOWLEDGE_FILES).join(', ')}`,
    );
  }
  return KNOWLEDGE_FILES[fileName as KnowledgeFileName];
}

function readJson(path: string, name: string): unknown {
  return parseJson(readText(path, name), name);
}

function readText(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InvalidKnowledgeFile(name, '(file)', `cannot be read at ${path}: ${(e as Error).message}`);
  }
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InvalidKnowledgeFile(name, '(json)', `is not valid JSON: ${(e as Error).message}`);
  }
}

function fromZod(file: string, error: ZodError): InvalidKnowledgeFile {
  const issue = error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return new InvalidKnowledgeFile(file, field, issue.message);
}

/**
 * The current knowledge of a data directory, re-read when a data file changes (size or mtime): a
 * long-running service picks up `keel-jdk knowledge update` / `import-knowledge` without a restart. A
 * changed file that fails validation is logged by the caller (`onInvalid`) and the last good knowledge
 * stays in force.
 */
export class KnowledgeSource {
  private knowledge: JdkKnowledge;
  private stamp: string;

  constructor(
    private readonly dir: string = defaultKnowledgeDir(),
    private readonly onInvalid: (error: InvalidKnowledgeFile) => void = () => undefined,
  ) {
    this.knowledge = loadKnowledge(dir);
    this.stamp = this.currentStamp();
  }

  /** The knowledge, reloaded first when a file changed since the last call. */
  current(): JdkKnowledge {
    const stamp = this.currentStamp();
    if (stamp !== this.stamp) {
      try {
        this.knowledge = loadKnowledge(this.dir);
        this.stamp = stamp;
      } catch (e) {
        if (!(e instanceof InvalidKnowledgeFile)) throw e;
        this.stamp = stamp; // report a bad file once, keep the last good knowledge
        this.onInvalid(e);
      }
    }
    return this.knowledge;
  }

  private currentStamp(): string {
    return Object.keys(KNOWLEDGE_FILES)
      .map((name) => {
        try {
          const s = statSync(join(this.dir, name));
          return `${name}:${s.size}:${s.mtimeMs}`;
        } catch {
          return `${name}:missing`;
        }
      })
      .join('|');
  }
}
