import {
  Confidence,
  DetectionField,
  ImageType,
  InputKind,
  JdkDetection,
  JdkEvidence,
  JdkVersion,
} from './jdk-build';
import { parseJavaVersionOutput } from './java-version.parser';
import { JdkKnowledge } from './knowledge.schema';
import { derivePlatform } from './platform';
import { looksLikeReleaseFile, parseReleaseFile } from './release-file.parser';
import { looksLikeShowSettings, parseShowSettings } from './show-settings.parser';
import { isEarlyAccess, matchVendor, matchVm } from './vendor-rules';
import { parseJavaVersion } from './version-string.parser';

/** Which of the three texts this is. */
export function detectInputKind(text: string): InputKind {
  if (looksLikeShowSettings(text)) return 'show-settings';
  if (looksLikeReleaseFile(text)) return 'release-file';
  if (parseJavaVersionOutput(text).versionString) return 'java-version';
  return 'unknown';
}

/** Reads any of the three texts into evidence. */
export function readEvidence(text: string): { kind: InputKind; evidence: JdkEvidence } {
  const kind = detectInputKind(text);
  switch (kind) {
    case 'show-settings':
      return { kind, evidence: parseShowSettings(text) };
    case 'release-file':
      return { kind, evidence: parseReleaseFile(text) };
    case 'java-version':
      return { kind, evidence: parseJavaVersionOutput(text) };
    default:
      return { kind, evidence: { raw: {} } };
  }
}

/** Identifies the JDK described by `java -version`, `-XshowSettings:properties -version` or a release file. */
export function identifyJdk(
  text: string,
  knowledge: Pick<JdkKnowledge, 'vendors'>,
): JdkDetection & { releaseDate: string | null; inputKind: InputKind } {
  const { kind, evidence } = readEvidence(text);
  return { ...detectJdk(evidence, knowledge), releaseDate: evidence.versionDate ?? null, inputKind: kind };
}

/** Applies the vendor and VM rules to evidence. Pure. */
export function detectJdk(evidence: JdkEvidence, knowledge: Pick<JdkKnowledge, 'vendors'>): JdkDetection {
  const vendor = matchVendor(evidence, knowledge.vendors);
  const version =
    parseJavaVersion(evidence.versionString, evidence.runtimeVersion) ?? versionFromVendorText(evidence);
  if (version && version.build === null && evidence.vendorVersion) {
    // Dragonwell 21 keeps the build number only in its vendor text ("...-21.0.2.0.2+13-GA")
    const build = buildFromVendorText(evidence.vendorVersion, version);
    if (build !== null) version.build = build;
  }
  const vm = matchVm(evidence, knowledge.vendors) ?? vendor?.vm ?? null;
  const platform = derivePlatform(evidence, vendor?.os);
  const imageType = deriveImageType(evidence, version?.feature);

  const detection: JdkDetection = {
    vendor: vendor?.displayName ?? null,
    distribution: vendor?.id ?? null,
    version,
    imageType,
    bits: platform.bits,
    os: platform.os,
    arch: platform.arch,
    vm,
    confidence: 'low',
    unknown: [],
    ea: isEarlyAccess(evidence, knowledge.vendors),
    evidence: vendor?.evidence ?? [],
    conflicts: vendor?.conflicts ?? [],
    oracleTermsPossible: vendor?.oracleTermsPossible ?? false,
    traits: vendor?.traits ?? [],
  };
  if (!vendor && unknownButOracleLike(evidence)) {
    // no vendor rule matched, yet the build says Oracle: it might be an Oracle JDK
    detection.oracleTermsPossible = true;
    detection.conflicts = ['no vendor rule matched, but the evidence names Oracle'];
  }
  if (version) {
    for (const field of ['versionString', 'runtimeVersion'] as const) {
      const value = evidence[field];
      if (value) detection.evidence?.push({ field, value, rule: 'version' });
    }
  }
  detection.unknown = unknownFields(detection);
  detection.confidence = overallConfidence(vendor?.confidence, detection);
  return detection;
}

/**
 * The +build of a vendor text is the platform build only when the numbers before it are the platform
 * version ("(Alibaba Dragonwell Standard Edition)-21.0.2.0.2+13-GA" on 21.0.2). Zulu's own numbering is
 * not ("Zulu17.34+19-CA" is 17.0.3+7, "Zulu19.28+81-CA" is 19+36): its +N is Azul's build.
 */
function buildFromVendorText(vendorVersion: string, version: JdkVersion): number | null {
  const m = /(\d+(?:\.\d+)*)\+(\d+)/.exec(vendorVersion);
  if (!m) return null;
  const numbers = m[1].split('.').map(Number);
  const platform = [version.feature, version.interim, version.update, version.patch];
  return numbers.slice(0, 4).every((n, i) => n === platform[i]) ? Number(m[2]) : null;
}

/**
 * A partial properties paste may carry only `java.vendor.version` ("Temurin-21.0.1+12"): a JEP 223
 * version with its +build is the platform version. Vendor numbering without "+" (Corretto-17.0.9.8.1) is not.
 */
function versionFromVendorText(evidence: JdkEvidence) {
  const m = /^[A-Za-z_]+-(\d+(?:\.\d+){0,3}\+\d+)/.exec(evidence.vendorVersion ?? '');
  return m ? parseJavaVersion(m[1]) : null;
}

function unknownButOracleLike(evidence: JdkEvidence): boolean {
  return [
    evidence.javaVendor,
    evidence.vmVendor,
    evidence.runtimeName,
    evidence.vmName,
    evidence.legalNotices,
  ].some((v) => v !== undefined && /Oracle|Sun Microsystems|\(TM\)/.test(v));
}

function deriveImageType(evidence: JdkEvidence, feature: number | undefined): ImageType {
  const declared = evidence.imageType?.toLowerCase();
  if (declared === 'jdk' || declared === 'jre') return declared;
  if (evidence.modules) {
    if (/\bjdk\.compiler\b/.test(evidence.modules)) return 'jdk';
    // a list the author shortened ("java.base java.compiler ... jdk.xml.dom") may have dropped jdk.compiler
    return /(^|\s)(\.\.\.|…)(\s|$)/.test(evidence.modules) ? 'unknown' : 'jre';
  }
  // A JDK 8 runs from <jdk>/jre, so java.home ends in /jre; a standalone JRE 8 does not.
  if (feature !== undefined && feature <= 8 && evidence.javaHome && /[\\/]jre[\\/]?$/.test(evidence.javaHome))
    return 'jdk';
  return 'unknown';
}

function unknownFields(d: JdkDetection): DetectionField[] {
  const unknown: DetectionField[] = [];
  if (d.vendor === null) unknown.push('vendor');
  if (d.distribution === null) unknown.push('distribution');
  if (d.version === null) unknown.push('version');
  if (d.imageType === 'unknown') unknown.push('imageType');
  if (d.bits === null) unknown.push('bits');
  if (d.os === null) unknown.push('os');
  if (d.arch === null) unknown.push('arch');
  if (d.vm === null) unknown.push('vm');
  return unknown;
}

function overallConfidence(vendorConfidence: Confidence | undefined, d: JdkDetection): Confidence {
  if (!vendorConfidence || d.version === null) return 'low';
  return vendorConfidence;
}
