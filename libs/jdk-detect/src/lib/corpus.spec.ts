import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusScoreMarkdown, readCorpus, scoreCorpus } from './corpus-score';
import { loadKnowledge } from './knowledge.loader';

/**
 * The real-world corpus (libs/jdk-detect/corpus/samples): every sample is a verbatim public output with
 * its source URL. The gate is the issue's: vendor + version exact on at least CORPUS_FLOOR of the samples,
 * no Oracle-licensed build judged under other terms, and no OpenJDK build judged under Oracle's.
 */
// The issue's goal is 99%. The measured figure is lower (see README, "Corpus score"): the floor is the
// measured figure, so a regression fails; raise it as the score rises, never lower it to pass.
// The one exception is a new real sample that no detector can answer from its text (every sample found
// is added, whatever the detector says): 2026-12-03 it went from 0.967 to 0.959 for three
// -XshowSettings:properties samples that print vendor lines but no version (README, "Corpus score"),
// and was raised to 0.961 when 17 more samples (the first Java 27 ones among them) came in exact: 375 / 390.
// 2026-12-04: 0.958 (439 / 458) after 68 held-out java -version samples, four of which name no builder
// (Homebrew 16 twice, Liberica 20, Debian 8u66); every one of the others is exact after the fixes.
// A percentage can hide a regression behind new exact samples, so the test below also pins the misses
// themselves: a sample with vendor evidence may miss only if it is listed here, with why.
// With the 69 release/properties samples of the same day (62 / 65 held out exact before any change,
// two of the three misses name no builder): 506 / 527 = 0.960.
const CORPUS_FLOOR = 0.96;
const KNOWN_EVIDENCE_MISSES: Record<string, string> = {
  'adoptopenjdk-openj9/props-vendor-lines-8u181-b13': 'four vendor properties, no version in the text',
  'corretto/props-grep-vendor-8.212.01.1-macos': 'three vendor properties, no version in the text',
};
// The same gate on the samples whose text carries vendor evidence (the others are marked
// `vendorEvidence: "none"` with the reason, and must get the honest "builder unknown, needs review").
const WITH_EVIDENCE_FLOOR = 0.99;

const dir = process.env['KEEL_JDK_CORPUS_DIR'] ?? join(__dirname, '../../corpus/samples');
const knowledge = loadKnowledge();
const samples = readCorpus(dir);
const score = scoreCorpus(samples, knowledge, new Date('2026-12-02T00:00:00Z'));

describe('the real-world corpus', () => {
  it('has a source URL, a kind and a complete expectation for every sample', () => {
    for (const distribution of readdirSync(dir)) {
      for (const f of readdirSync(join(dir, distribution)).filter((n) => n.endsWith('.txt'))) {
        const meta = join(dir, distribution, f.replace(/\.txt$/, '.meta.json'));
        expect(existsSync(meta) ? meta : `missing ${meta}`).toBe(meta);
      }
    }
    for (const s of samples) {
      expect([s.file, /^https?:\/\//.test(s.source)]).toEqual([s.file, true]);
      expect([s.file, ['java-version', 'properties', 'release'].includes(s.kind)]).toEqual([s.file, true]);
      expect([s.file, s.expected.distribution]).toEqual([s.file, s.file.split('/')[0]]);
      expect(typeof s.expected.oracleTerms).toBe('boolean');
    }
  });

  it('has no duplicate samples', () => {
    const texts = new Map<string, string>();
    for (const s of samples) {
      const key = s.text.trim();
      expect([s.file, texts.get(key) ?? null]).toEqual([s.file, null]);
      texts.set(key, s.file);
    }
  });

  it(`identifies vendor and version exactly on at least ${CORPUS_FLOOR * 100}% of the samples`, () => {
    // printed so a CI log shows the score by distribution and every miss
    process.stdout.write(
      `${corpusScoreMarkdown(score)}\n\nmisses:\n${score.misses.map((m) => `  ${m.file}: ${m.expectedDistribution} ${m.expectedVersion} -> ${m.gotDistribution} ${m.gotVersion}`).join('\n')}\n`,
    );
    expect(score.samples).toBeGreaterThan(0);
    expect(score.exact / score.samples).toBeGreaterThanOrEqual(CORPUS_FLOOR);
  });

  it(`identifies at least ${WITH_EVIDENCE_FLOOR * 100}% of the samples whose text carries vendor evidence`, () => {
    expect(score.withEvidence.samples).toBeGreaterThan(0);
    expect(score.withEvidence.exact / score.withEvidence.samples).toBeGreaterThanOrEqual(WITH_EVIDENCE_FLOOR);
  });

  it('misses no sample whose text carries vendor evidence, beyond the listed ones', () => {
    const marked = new Set(samples.filter((x) => x.expected.vendorEvidence === 'none').map((x) => x.file));
    const files = (list: { file: string }[]) => list.map((m) => m.file.replace(/\.txt$/, ''));
    expect(files(score.misses.filter((m) => !marked.has(m.file))).sort()).toEqual(
      Object.keys(KNOWN_EVIDENCE_MISSES).sort(),
    );
  });

  it('says why each sample marked vendorEvidence "none" has none, and the mark is not stale', () => {
    for (const s of samples.filter((x) => x.expected.vendorEvidence !== undefined)) {
      expect([s.file, s.expected.vendorEvidence]).toEqual([s.file, 'none']);
      expect([s.file, (s.expected.vendorEvidenceWhy ?? '').length >= 40]).toEqual([s.file, true]);
    }
    // a sample jdk-detect identifies does carry evidence: its mark must go
    const missed = new Set(score.misses.map((m) => m.file));
    const marked = samples.filter((s) => s.expected.vendorEvidence === 'none');
    expect(marked.filter((s) => !missed.has(s.file)).map((s) => s.file)).toEqual([]);
  });

  it('gives every sample without vendor evidence the honest answer: no builder named, licence needs-review', () => {
    expect(
      score.noEvidence.dishonest.map((r) => `${r.file} -> ${r.gotDistribution} (${r.licenceRisk})`),
    ).toEqual([]);
  });

  it("judges every Oracle-licensed sample under Oracle's terms (no false all-clear)", () => {
    expect(score.oracleMissed.map((r) => `${r.file} (${r.licenceRisk})`)).toEqual([]);
  });

  it("judges no OpenJDK build under Oracle's terms (no false alarm)", () => {
    expect(score.openjdkUnderOracle.map((r) => `${r.file} (${r.licenceRisk})`)).toEqual([]);
  });

  it('keeps the README table true (npx nx run jdk-detect:corpus-readme rewrites it)', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const table = /<!-- corpus-score:start -->([\s\S]*?)<!-- corpus-score:end -->/.exec(readme)?.[1];
    // Prettier pads the table: compare modulo whitespace and dash runs
    const norm = (t: string | undefined) =>
      (t ?? '')
        .trim()
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').replace(/-+/g, '-').trim())
        .filter((l) => l !== '');
    expect(norm(table)).toEqual(norm(corpusScoreMarkdown(score)));
  });
});
