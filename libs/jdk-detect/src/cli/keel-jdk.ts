import { readFileSync } from 'node:fs';
import { assessLicence } from '../lib/licence.rules';
import { identifyJdk } from '../lib/jdk-identify';
import { importKnowledge, InvalidKnowledgeFile, loadKnowledge } from '../lib/knowledge.loader';
import { supportStatus } from '../lib/support.rules';

const USAGE = `usage:
  keel-jdk identify [FILE|-]          print one JSON object describing the JDK (stdin when FILE is - or absent)
  keel-jdk import-knowledge FILE [--as NAME]   validate a data file and write it into the data directory`;

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

/** Runs the CLI; returns the exit code. */
export function runCli(argv: string[], io: CliIo = processIo): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'identify') return identify(rest[0], io);
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
    inputKind: d.inputKind,
    licence: assessLicence(d, knowledge, now),
    support: supportStatus(d, knowledge, now),
  };
  io.out(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2));
}
