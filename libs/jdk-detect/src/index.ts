/**
 * @keel/jdk-detect: the pure detection core of JDK fleet governance. It reads what a host reveals about a
 * JDK (`java -version`, `java -XshowSettings:properties -version`, a `release` file, a JVM command line)
 * and answers which vendor build and version it is, under which licence it runs (Oracle BCL/OTN/NFTC
 * risk), whether it is LTS or past end of support, how many updates behind it is, and what blocks a
 * move to a newer feature release. Vendor patterns, licence terms, support dates, latest updates and
 * migration rules are versioned JSON data (libs/jdk-detect/data), validated at load, never `if` chains.
 */
export * from './lib/jdk-build';
export { parseJavaVersion, compareJavaVersions } from './lib/version-string.parser';
export { parseJavaVersionOutput } from './lib/java-version.parser';
export { parseShowSettings } from './lib/show-settings.parser';
export { parseReleaseFile } from './lib/release-file.parser';
export { parseCommandLine, parseSize, type JvmCommandLine } from './lib/command-line.parser';
export { detectInputKind, readEvidence, identifyJdk, detectJdk } from './lib/jdk-identify';
export { matchVendor, matchVm, type VendorMatch } from './lib/vendor-rules';
export {
  loadKnowledge,
  importKnowledge,
  validateKnowledgeFile,
  defaultKnowledgeDir,
  InvalidKnowledgeFile,
  KnowledgeSource,
  type ImportResult,
} from './lib/knowledge.loader';
export {
  KNOWLEDGE_FILES,
  type JdkKnowledge,
  type KnowledgeFileName,
  type LicenceTermsId,
} from './lib/knowledge.schema';
export {
  assessLicence,
  licenceSignals,
  type LicenceAssessment,
  type LicenceRisk,
  type LicenceSignal,
} from './lib/licence.rules';
export {
  supportStatus,
  knowledgeAsOf,
  staleDataWarning,
  STALE_DATA_DAYS,
  type SupportStatus,
} from './lib/support.rules';
export { isEarlyAccess } from './lib/vendor-rules';
export {
  readCorpus,
  scoreCorpus,
  corpusScoreMarkdown,
  type CorpusSample,
  type CorpusScore,
} from './lib/corpus-score';
export { migrationBlockers, type MigrationBlocker, type TargetPlatform } from './lib/migration.rules';
export * from './lib/fleet-report.schema';
export { REDACTED, redactJvmOption, redactJvmOptions } from './lib/secret-redaction';
