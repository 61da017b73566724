import { JdkEvidence } from './jdk-build';

/**
 * Reads the three (or more, for OpenJ9) lines `java -version` prints on stderr. Lines that are not part
 * of the banner (`Picked up JAVA_TOOL_OPTIONS`, VM warnings) are ignored. Never throws: what it cannot
 * read stays undefined.
 */
export function parseJavaVersionOutput(text: string): JdkEvidence {
  const lines = text
    .split(/\r?\n/)
    .map(unwrapMarkdown)
    // pasted as a Markdown list or quote ("- openjdk version ...", "> java version ..."), or quoted in a
    // shell comment ("# openjdk version ...": Tribblix's build scripts, tribblix/build TRIBopenjdk27/build.sh)
    .map((l) => l.replace(/^\s*(?:[-*>#]|\d+\.)\s+(?=(?:openjdk|java|OpenJDK|Java|IBM|Eclipse)\b)/, ''))
    .flatMap(splitGluedBanner)
    .filter((l) => l.trim() !== '');
  const evidence: JdkEvidence = { raw: {} };
  const first = lines.findIndex(
    (l) =>
      (/^\s*[\w.-]+ (full )?(version )?"?\d[^\s"]*"?/.test(l) && /\b(version|\d{4}-\d{2}-\d{2})\b/.test(l)) ||
      // `java --version` of 9/10 prints no date: "openjdk 9.0.0.15"
      /^\s*(openjdk|java) \d[\w.+-]*\s*$/.test(l),
  );
  if (first < 0) return evidence;
  // openjdk version "17.0.12" 2024-07-16 LTS  |  java 17.0.10 2024-01-16 LTS (the --version form)
  // java full version "1.8.0_181-b13" (-fullversion: one line, the runtime version itself)
  const head =
    /^\s*([\w.-]+) (full )?(?:version )?"?([^\s"]+)"?(?:\s+(\d{4}-\d{2}-\d{2}))?(?:\s+(\S+))?/.exec(
      lines[first],
    );
  if (head) {
    evidence.launcher = head[1];
    evidence.versionString = head[3];
    evidence.versionDate = head[4];
    if (head[5]) evidence.raw['VERSION_OPT'] = head[5];
    if (head[2]) evidence.runtimeVersion = head[3];
  }
  // the runtime line: "(build ...)" or, for IcedTea 6/7, a "... Runtime Environment (IcedTea6 1.8.13) (6b18-...)"
  const rest = lines.slice(first + 1, first + 4);
  const runtimeOffset = rest.findIndex((l) => /\(build [^)]*\)|Runtime Environment/.test(l));
  if (runtimeOffset >= 0) {
    const runtimeLine = rest[runtimeOffset];
    const rt = parseBannerLine(runtimeLine);
    evidence.runtimeName = rt.name;
    evidence.vendorVersion = rt.vendorVersion;
    evidence.runtimeVersion = rt.build ?? rt.lastGroup;
    // the VM line follows, possibly after a console-wrapped tail of the runtime line
    const after = first + 1 + runtimeOffset + 1;
    const vmIndex = lines.findIndex((l, i) => i >= after && i < after + 3 && /\bVM\b|GraalVM/.test(l));
    if (vmIndex >= 0) {
      const vm = parseBannerLine(lines[vmIndex]);
      evidence.vmName = vm.name;
      evidence.vmVersion = vm.build;
      evidence.vmVendorVersion = vm.vendorVersion;
      evidence.vmDetails = lines.slice(vmIndex, vmIndex + 5).join('\n');
    }
  }
  return evidence;
}

/**
 * Inline Markdown around a pasted line: each line in its own inline-code span (\`java version "1.7.0_121"\`,
 * corpus amazonlinux/amzn1-7u121-icedtea-2.6.8-ec2-backticks, oracle/sun-6u2-b05-server-vm-64-hpc-wiki-backticks)
 * or the whole banner in bold (**openjdk 21.0.3 ... jdk-21.0.3+9)**, semeru/semeru-21.0.3-windows11-bold-markdown).
 */
function unwrapMarkdown(line: string): string {
  const code = /^\s*`([^`]*)`\s*$/.exec(line);
  const text = code ? code[1] : line;
  return text.replace(/^(\s*)\*\*(?=\S)/, '$1').replace(/(?<=\S)\*\*\s*$/, '');
}

// Banner lines that copy/paste sometimes glues onto the previous one ("... LTSJava(TM) SE Runtime ...",
// or the whole banner on one line): a line is split before each of these when it does not start with it.
const BANNER_STARTS =
  /(?<=\S)\s*(?=Java\(TM\) (?:SE|2) Runtime Environment|OpenJDK Runtime Environment|Java HotSpot\(TM\)|OpenJDK (?:64-Bit |Client |Server |Zero )|Eclipse OpenJ9 VM|IBM J9 VM|IBM Semeru Runtime)/g;

function splitGluedBanner(line: string): string[] {
  if (/ = |^\s/.test(line)) return [line]; // a property line, or a continuation
  return line.split(BANNER_STARTS);
}

interface BannerLine {
  name: string;
  vendorVersion?: string;
  build?: string;
  /** The last parenthesised group, for lines without "(build": IcedTea's package version. */
  lastGroup?: string;
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
  const groups = [...beforeBuild.matchAll(/\(([^()]*)\)/g)];
  return { name, vendorVersion, build: buildMatch?.[1].trim(), lastGroup: groups.at(-1)?.[1].trim() };
}
