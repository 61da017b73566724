import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identifyJdk } from './jdk-identify';
import { JdkKnowledge } from './knowledge.schema';
import { assessLicence } from './licence.rules';

/** One corpus sample: the raw text and what its collector says it is (libs/jdk-detect/corpus/samples). */
export interface CorpusSample {
  file: string;
  text: string;
  source: string;
  kind: string;
  expected: {
    distribution: string;
    vendor?: string;
    feature: number;
    interim: number;
    update: number;
    patch: number;
    build?: number | null;
    oracleTerms: boolean;
    /**
     * "none": the text itself names no builder (a stock banner, an empty `release` file); the label comes
     * from the page around it. Such a sample still counts in the headline score (as a miss unless it is
     * identified); the honest answer for it is an unnamed builder with a "needs-review" licence verdict.
     */
    vendorEvidence?: 'none';
    /** Why the text carries no vendor evidence (required with `vendorEvidence: "none"`). */
    vendorEvidenceWhy?: string;
  };
}

export interface SampleResult {
  file: string;
  source: string;
  expectedDistribution: string;
  gotDistribution: string | null;
  expectedVersion: string;
  gotVersion: string | null;
  vendorOk: boolean;
  versionOk: boolean;
  oracleTermsExpected: boolean;
  oracleTermsGot: boolean;
  licenceRisk: string;
  /** The sample is marked `vendorEvidence: "none"`. */
  noVendorEvidence: boolean;
  confidence: string;
  /** For a no-evidence sample: the answer names no builder (or the right one) and is not judged free. */
  honest: boolean;
}

export interface CorpusScore {
  samples: number;
  exact: number;
  byDistribution: { distribution: string; samples: number; exact: number }[];
  /** Oracle-licensed samples not judged under Oracle's terms (the false all-clears). */
  oracleMissed: SampleResult[];
  /** OpenJDK builds judged under Oracle's terms (false alarms). */
  openjdkUnderOracle: SampleResult[];
  misses: SampleResult[];
  /** Samples whose text names a builder (no `vendorEvidence: "none"`) and how many of them are exact. */
  withEvidence: { samples: number; exact: number };
  /** Samples marked `vendorEvidence: "none"`, and those that did not get an honest answer. */
  noEvidence: { samples: number; honest: number; dishonest: SampleResult[] };
}

/** What "no builder named" looks like in a detection. */
export const UNNAMED_BUILDER = new Set([null, 'openjdk-upstream-unknown']);

/** Licence terms that are Oracle's own (commercial, BCL, OTN, NFTC, GFTC, support-only). */
export const ORACLE_TERMS = new Set(['BCL', 'OTN', 'NFTC', 'GFTC', 'GRAALVM-OTN', 'ORACLE-SUPPORT']);

/** Reads every `<slug>.txt` with its `<slug>.meta.json` under `dir/<distribution>/`. */
export function readCorpus(dir: string): CorpusSample[] {
  const samples: CorpusSample[] = [];
  for (const distribution of readdirSync(dir).sort()) {
    const sub = join(dir, distribution);
    let files: string[];
    try {
      files = readdirSync(sub).sort();
    } catch {
      continue;
    }
    for (const f of files.filter((n) => n.endsWith('.meta.json'))) {
      const slug = f.slice(0, -'.meta.json'.length);
      let meta: Omit<CorpusSample, 'file' | 'text'>;
      let text: string;
      try {
        meta = JSON.parse(readFileSync(join(sub, f), 'utf8')) as Omit<CorpusSample, 'file' | 'text'>;
        text = readFileSync(join(sub, `${slug}.txt`), 'utf8');
      } catch {
        continue; // a half-written sample (collectors work alongside); the spec checks pairing separately
      }
      samples.push({ file: `${distribution}/${slug}`, text, ...meta });
    }
  }
  return samples;
}

/** Scores identification on the corpus: distribution and feature/interim/update/patch all exact. */
export function scoreCorpus(samples: CorpusSample[], knowledge: JdkKnowledge, onDate: Date): CorpusScore {
  const results: SampleResult[] = samples.map((s) => {
    const d = identifyJdk(s.text, knowledge);
    const e = s.expected;
    const licence = assessLicence(d, knowledge, onDate);
    const v = d.version;
    const noVendorEvidence = e.vendorEvidence === 'none';
    const vendorOk = d.distribution === e.distribution;
    return {
      file: s.file,
      source: s.source,
      expectedDistribution: e.distribution,
      gotDistribution: d.distribution,
      expectedVersion: `${e.feature}.${e.interim}.${e.update}.${e.patch}`,
      gotVersion: v ? `${v.feature}.${v.interim}.${v.update}.${v.patch}` : null,
      vendorOk,
      versionOk:
        v !== null &&
        v.feature === e.feature &&
        v.interim === e.interim &&
        v.update === e.update &&
        v.patch === e.patch,
      oracleTermsExpected: e.oracleTerms,
      oracleTermsGot: licence.terms !== null && ORACLE_TERMS.has(licence.terms),
      licenceRisk: licence.risk,
      noVendorEvidence,
      confidence: d.confidence,
      honest:
        vendorOk ||
        (UNNAMED_BUILDER.has(d.distribution) && ['needs-review', 'unknown'].includes(licence.risk)),
    };
  });
  const evidenced = results.filter((r) => !r.noVendorEvidence);
  const unevidenced = results.filter((r) => r.noVendorEvidence);
  const byDist = new Map<string, { samples: number; exact: number }>();
  for (const r of results) {
    const t = byDist.get(r.expectedDistribution) ?? { samples: 0, exact: 0 };
    t.samples++;
    if (r.vendorOk && r.versionOk) t.exact++;
    byDist.set(r.expectedDistribution, t);
  }
  return {
    samples: results.length,
    exact: results.filter((r) => r.vendorOk && r.versionOk).length,
    byDistribution: [...byDist]
      .map(([distribution, t]) => ({ distribution, ...t }))
      .sort((a, b) => a.distribution.localeCompare(b.distribution)),
    oracleMissed: results.filter((r) => r.oracleTermsExpected && !r.oracleTermsGot),
    openjdkUnderOracle: results.filter((r) => !r.oracleTermsExpected && r.oracleTermsGot),
    misses: results.filter((r) => !(r.vendorOk && r.versionOk)),
    withEvidence: {
      samples: evidenced.length,
      exact: evidenced.filter((r) => r.vendorOk && r.versionOk).length,
    },
    noEvidence: {
      samples: unevidenced.length,
      honest: unevidenced.filter((r) => r.honest).length,
      dishonest: unevidenced.filter((r) => !r.honest),
    },
  };
}

/** The score as a Markdown table (for the README). */
export function corpusScoreMarkdown(score: CorpusScore): string {
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
  const lines = [
    `Vendor + version exact: **${score.exact} / ${score.samples} (${pct(score.exact, score.samples)})** over ${score.byDistribution.length} distributions. ` +
      `Oracle-licensed samples not judged under Oracle's terms: **${score.oracleMissed.length}**; OpenJDK builds judged under them: **${score.openjdkUnderOracle.length}**.`,
    '',
    `Of these, ${score.noEvidence.samples} samples carry no vendor evidence in their text (\`vendorEvidence: "none"\`, each with its reason); ` +
      `they count as misses above unless identified. ${score.noEvidence.honest} of them get the honest answer (no builder named, licence "needs-review"). ` +
      `On the ${score.withEvidence.samples} samples whose text carries vendor evidence: **${score.withEvidence.exact} / ${score.withEvidence.samples} (${pct(score.withEvidence.exact, score.withEvidence.samples)})**.`,
    '',
    '| distribution | samples | exact | score |',
    '| --- | ---: | ---: | ---: |',
    ...score.byDistribution.map(
      (d) => `| ${d.distribution} | ${d.samples} | ${d.exact} | ${pct(d.exact, d.samples)} |`,
    ),
  ];
  return lines.join('\n');
}
