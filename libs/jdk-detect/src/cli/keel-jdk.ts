import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusScoreMarkdown, readCorpus, scoreCorpus } from '../lib/corpus-score';
import {
  fixtureFetcher,
  formatKnowledgeChanges,
  networkFetcher,
  updateKnowledge,
} from '../lib/knowledge-update';
import { assessLicence } from '../lib/licence.rules';
import { identifyJdk } from '../lib/jdk-identify';
import {
  defaultKnowledgeDir,
  importKnowledge,
  InvalidKnowledgeFile,
  loadKnowledge,
} from '../lib/knowledge.loader';
import { knowledgeAsOf, staleDataWarning, supportStatus } from '../lib/support.rules';

const USAGE = `usage:
  keel-jdk identify [FILE|-]          print one JSON object describing the JDK (stdin when FILE is - or absent)
  keel-jdk import-knowledge FILE [--as NAME]   validate a data file and write it into the data directory
  keel-jdk knowledge update [--dry-run] [--from-fixtures DIR] [--data-dir DIR]
                                                read endoflife.date, foojay Disco and Adoptium; print and write the data-file changes
  keel-jdk corpus-score [--readme FILE]         score identification on libs/jdk-detect/corpus (and rewrite the README table)`;

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: () => string;
  now: () => Date;
}

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  stdin: () => readFileSync(0, 'utf8'),
  now: () => new Date(),
};

/** Runs the CLI; returns the exit code (a promise for `knowledge update`, which reads the network). */
export function runCli(argv: string[], io: CliIo = processIo): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'knowledge' && rest[0] === 'update') return knowledgeUpdate(rest.slice(1), io);
  try {
    if (command === 'identify') return identify(rest[0], io);
    if (command === 'corpus-score') return corpus(rest, io);
    if (command === 'import-knowledge' && rest[0]) {
      const asIndex = rest.indexOf('--as');
      const result = importKnowledge(rest[0], undefined, asIndex >= 0 ? rest[asIndex + 1] : undefined);
      io.out(`${JSON.stringify(result)}\n`);
      return 0;
    }
    io.err(`${USAGE}\n`);
    return 2;
  } catch (e) {
    if (e instanceof InvalidKnowledgeFile) {
      io.err(`${e.message}\n`);
      return 3;
    }
    throw e;
  }
}

function identify(file: string | undefined, io: CliIo): number {
  let text: string;
  try {
    text = !file || file === '-' ? io.stdin() : readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`keel-jdk: cannot read ${file ?? 'stdin'}: ${(e as Error).message}\n`);
    return 2;
  }
  const knowledge = loadKnowledge();
  const d = identifyJdk(text, knowledge);
  const now = io.now();
  const dataAsOf = knowledgeAsOf(knowledge);
  const stale = staleDataWarning(dataAsOf, now);
  const output = {
    vendor: d.vendor,
    distribution: d.distribution,
    version: d.version,
    imageType: d.imageType,
    bits: d.bits,
    os: d.os,
    arch: d.arch,
    vm: d.vm,
    confidence: d.confidence,
    unknown: d.unknown,
    ea: d.ea,
    evidence: d.evidence,
    conflicts: d.conflicts,
    inputKind: d.inputKind,
    licence: assessLicence(d, knowledge, now),
    support: supportStatus(d, knowledge, now),
    dataAsOf,
    warnings: stale ? [stale] : [],
  };
  io.out(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

async function knowledgeUpdate(args: string[], io: CliIo): Promise<number> {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const fixtures = value('--from-fixtures');
  try {
    const result = await updateKnowledge({
      dataDir: value('--data-dir') ?? defaultKnowledgeDir(),
      fetcher: fixtures ? fixtureFetcher(fixtures) : networkFetcher,
      today: io.now().toISOString().slice(0, 10),
      dryRun: args.includes('--dry-run'),
    });
    io.out(formatKnowledgeChanges(result));
    return 0;
  } catch (e) {
    if (e instanceof InvalidKnowledgeFile) {
      io.err(`${e.message}\n`);
      return 3;
    }
    throw e;
  }
}

function corpus(args: string[], io: CliIo): number {
  const root = join(__dirname, '../..');
  const dir = process.env['KEEL_JDK_CORPUS_DIR'] ?? join(root, 'corpus/samples');
  const score = scoreCorpus(readCorpus(dir), loadKnowledge(), io.now());
  const table = corpusScoreMarkdown(score);
  io.out(`${table}\n`);
  for (const m of score.misses)
    io.out(
      `miss ${m.file}: ${m.expectedDistribution} ${m.expectedVersion} -> ${m.gotDistribution ?? '-'} ${m.gotVersion ?? '-'} (${m.confidence}, licence ${m.licenceRisk}${m.noVendorEvidence ? ', no vendor evidence in the text' : ''})\n`,
    );
  const readmeAt = args.indexOf('--readme');
  if (readmeAt >= 0) {
    const file = args[readmeAt + 1] ?? join(root, 'README.md');
    const readme = readFileSync(file, 'utf8');
    const marked = /(<!-- corpus-score:start -->)[\s\S]*?(<!-- corpus-score:end -->)/;
    if (!marked.test(readme)) {
      io.err(`keel-jdk: ${file} has no <!-- corpus-score:start --> ... <!-- corpus-score:end --> section\n`);
      return 2;
    }
    writeFileSync(
      file,
      readme.replace(marked, (_m, a: string, b: string) => `${a}${table}${b}`),
    );
  }
  return 0;
}

if (require.main === module) {
  void Promise.resolve(runCli(process.argv.slice(2))).then((code) => (process.exitCode = code));
}
