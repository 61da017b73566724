import { JdkEvidence } from './jdk-build';

/**
 * Reads the three (or more, for OpenJ9) lines `java -version` prints on stderr. Lines that are not part
 * of the banner (`Picked up JAVA_TOOL_OPTIONS`, VM warnings) are ignored. Never throws: what it cannot
 * read stays undefined.
 */
export function parseJavaVersionOutput(text: string): JdkEvidence {
  const lines = text.split(/\r?\n/);
  const evidence: JdkEvidence = { raw: {} };
  const first = lines.findIndex(
    (l) => /^\s*[\w.-]+ (version )?"?\d[^\s"]*"?/.test(l) && /\b(version|\d{4}-\d{2}-\d{2})\b/.test(l),
  );
  if (first < 0) return evidence;
  // openjdk version "17.0.12" 2024-07-16 LTS  |  java 17.0.10 2024-01-16 LTS (the --version form)
  const head = /^\s*([\w.-]+) (?:version )?"?([^\s"]+)"?(?:\s+(\d{4}-\d{2}-\d{2}))?/.exec(lines[first]);
  if (head) {
    evidence.launcher = head[1];
    evidence.versionString = head[2];
    evidence.versionDate = head[3];
  }
  const runtimeLine = lines.slice(first + 1).find((l) => /\(build [^)]*\)/.test(l));
  if (runtimeLine) {
    const rt = parseBannerLine(runtimeLine);
    evidence.runtimeName = rt.name;
    evidence.vendorVersion = rt.vendorVersion;
    evidence.runtimeVersion = rt.build;
    const vmIndex = lines.indexOf(runtimeLine) + 1;
    if (vmIndex < lines.length && /\bVM\b|GraalVM/.test(lines[vmIndex])) {
      const vm = parseBannerLine(lines[vmIndex]);
      evidence.vmName = vm.name;
      evidence.vmVersion = vm.build;
      evidence.vmVendorVersion = vm.vendorVersion;
      evidence.vmDetails = lines.slice(vmIndex, vmIndex + 5).join('\n');
    }
  }
  return evidence;
}

interface BannerLine {
  name: string;
  vendorVersion?: string;
  build?: string;
}

// Known product names that start a banner line; whatever follows them before "(build" is the vendor's
// own version text ("Temurin-17.0.12+7", "Corretto-8.275.01.1", "(Zulu 8.74.0.17-CA-linux64)").
const BANNER_NAMES = [
  'OpenJDK Runtime Environment',
  'Java(TM) SE Runtime Environment',
  'IBM Semeru Runtime Open Edition',
  'IBM Semeru Runtime Certified Edition',
  'OpenJDK 64-Bit Server VM',
  'OpenJDK 64-Bit Client VM',
  'OpenJDK Server VM',
  'OpenJDK Client VM',
  'Java HotSpot(TM) 64-Bit Server VM',
  'Java HotSpot(TM) Server VM',
  'Java HotSpot(TM) Client VM',
  'Eclipse OpenJ9 VM',
  'SapMachine Runtime Environment',
  'SapMachine 64-Bit Server VM',
];

function parseBannerLine(line: string): BannerLine {
  const trimmed = line.trim();
  const buildMatch = /\(build ([^,)]*)/.exec(trimmed);
  const beforeBuild = buildMatch ? trimmed.slice(0, buildMatch.index).trim() : trimmed;
  const known = BANNER_NAMES.find((n) => beforeBuild.startsWith(n));
  const name = known ?? beforeBuild.replace(/\s*\(.*$/, '').trim();
  const rest = beforeBuild.slice(name.length).trim();
  const vendorVersion = rest.replace(/^\((.*)\)$/, '$1').trim() || undefined;
  return { name, vendorVersion, build: buildMatch?.[1].trim() };
}
