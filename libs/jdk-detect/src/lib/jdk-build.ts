/** How sure a detection is: high = an explicit vendor marker, medium = an inference, low = a guess. */
export type Confidence = 'high' | 'medium' | 'low';

export type ImageType = 'jdk' | 'jre' | 'unknown';

/** The kinds of text `identifyJdk` understands. */
export type InputKind = 'java-version' | 'show-settings' | 'release-file' | 'unknown';

/**
 * A Java version in JEP 223/322 terms. Java 8 and older map onto it: 1.8.0_181-b13 is feature 8,
 * interim 0, update 181, patch 0, build 13, full "8.0.181".
 */
export interface JdkVersion {
  feature: number;
  interim: number;
  update: number;
  patch: number;
  build: number | null;
  full: string;
}

/** What one piece of text says about a JDK, before vendor rules are applied. */
export interface JdkEvidence {
  launcher?: string; // "openjdk" or "java" (first word of java -version)
  versionString?: string; // "1.8.0_181", "17.0.12"
  versionDate?: string;
  runtimeName?: string; // "OpenJDK Runtime Environment", "Java(TM) SE Runtime Environment"
  runtimeVersion?: string; // "17.0.12+7-LTS", "1.8.0_181-b13"
  vendorVersion?: string; // "Temurin-17.0.12+7", "Corretto-8.275.01.1", "Zulu17.44+15-CA"
  vmName?: string; // "OpenJDK 64-Bit Server VM", "Eclipse OpenJ9 VM"
  vmVersion?: string;
  vmVendorVersion?: string; // vendor text on the VM line ("AdoptOpenJDK", "Temurin-17.0.12+7")
  vmDetails?: string; // the rest of the VM line(s), OpenJ9 platform text etc.
  javaVendor?: string; // java.vendor or IMPLEMENTOR
  vmVendor?: string; // java.vm.vendor
  vendorUrl?: string;
  javaHome?: string;
  os?: string;
  arch?: string;
  dataModel?: string; // sun.arch.data.model
  imageType?: string; // IMAGE_TYPE
  jvmVariant?: string; // JVM_VARIANT
  modules?: string; // MODULES
  /** Text of the image's `legal/` (or `LICENSE`/`COPYRIGHT`) licence files, when a scanner could read them. */
  legalNotices?: string;
  /** Everything else a parser read, by its own key (property or release-file key). */
  raw: Record<string, string>;
}

export type DetectionField =
  'vendor' | 'distribution' | 'version' | 'imageType' | 'bits' | 'os' | 'arch' | 'vm';

/** The public answer: one JDK build as the fleet inventory stores it. */
export interface JdkDetection {
  vendor: string | null;
  distribution: string | null;
  version: JdkVersion | null;
  imageType: ImageType;
  bits: 32 | 64 | null;
  os: string | null;
  arch: string | null;
  vm: string | null;
  confidence: Confidence;
  unknown: DetectionField[];
  /** Early-access, nightly or internal build (`-ea`, `-internal`, `-nightly`...). */
  ea?: boolean;
  /** The evidence the vendor verdict rests on: the fields and values the winning rule read. */
  evidence?: EvidenceUsed[];
  /** Why the confidence was lowered: evidence that points at another vendor. Empty when none. */
  conflicts?: string[];
  /** Set when some evidence points at an Oracle-licensed build: the licence is "needs review", never free. */
  oracleTermsPossible?: boolean;
  /** Product traits the vendor rules found (e.g. `graalvm-ee`), read by the licence rules. */
  traits?: string[];
}

/** One piece of evidence a verdict used: the field, its value, and the rule that read it. */
export interface EvidenceUsed {
  field: string;
  value: string;
  rule: string;
}
