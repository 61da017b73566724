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
}

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
    return {
      file: s.file,
      source: s.source,
      expectedDistribution: e.distribution,
      gotDistribution: d.distribution,
      expectedVersion: `${e.feature}.${e.interim}.${e.update}.${e.patch}`,
      gotVersion: v ? `${v.feature}.${v.interim}.${v.update}.${v.patch}` : null,
      vendorOk: d.distribution === e.distribution,
      versionOk:
        v !== null &&
        v.feature === e.feature &&
        v.interim === e.interim &&
        v.update === e.update &&
        v.patch === e.patch,
      oracleTermsExpected: e.oracleTerms,
      oracleTermsGot: licence.terms !== null && ORACLE_TERMS.has(licence.terms),
      licenceRisk: licence.risk,
    };
  });
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
  };
}

/** The score as a Markdown table (for the README). */
export function corpusScoreMarkdown(score: CorpusScore): string {
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
  const lines = [
    `Vendor + version exact: **${score.exact} / ${score.samples} (${pct(score.exact, score.samples)})** over ${score.byDistribution.length} distributions. ` +
      `Oracle-licensed samples not judged under Oracle's terms: **${score.oracleMissed.length}**; OpenJDK builds judged under them: **${score.openjdkUnderOracle.length}**.`,
    '',
    '| distribution | samples | exact | score |',
    '| --- | ---: | ---: | ---: |',
    ...score.byDistribution.map(
      (d) => `| ${d.distribution} | ${d.samples} | ${d.exact} | ${pct(d.exact, d.samples)} |`,
    ),
  ];
  return lines.join('\n');
}
