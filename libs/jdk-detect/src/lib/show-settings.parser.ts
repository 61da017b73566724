import { JdkEvidence } from './jdk-build';
import { parseJavaVersionOutput } from './java-version.parser';

/**
 * Reads `java -XshowSettings:properties -version` (or `:all`): the `Property settings:` block of
 * `    key = value` lines (continuation lines are deeper indented) followed by the usual version banner.
 * Properties take precedence over the banner. Never throws.
 */
export function parseShowSettings(text: string): JdkEvidence {
  const properties = readPropertyBlock(text);
  const banner = parseJavaVersionOutput(text);
  const p = (key: string): string | undefined => (properties[key] ? properties[key] : undefined);
  return {
    ...banner,
    versionString: p('java.version') ?? banner.versionString,
    versionDate: p('java.version.date') ?? banner.versionDate,
    runtimeName: p('java.runtime.name') ?? banner.runtimeName,
    runtimeVersion: p('java.runtime.version') ?? banner.runtimeVersion,
    vendorVersion: p('java.vendor.version') ?? banner.vendorVersion,
    vmName: p('java.vm.name') ?? banner.vmName,
    vmVersion: p('java.vm.version') ?? banner.vmVersion,
    // OpenJ9's java.vm.info carries the platform text and the OpenJ9/OMR/JCL revisions
    vmDetails: p('java.vm.info') ?? banner.vmDetails,
    javaVendor: p('java.vendor'),
    vmVendor: p('java.vm.vendor'),
    vendorUrl: p('java.vendor.url'),
    javaHome: p('java.home'),
    os: p('os.name'),
    arch: p('os.arch'),
    dataModel: p('sun.arch.data.model'),
    raw: properties,
  };
}

/**
 * True when the text carries a `Property settings:` block, or only its `key = value` lines (users often
 * paste the block without its header line, or re-indented).
 */
export function looksLikeShowSettings(text: string): boolean {
  return (
    /^Property settings:\s*$/m.test(text) ||
    /^[ \t]*java\.(version|vendor|vm\.name|runtime\.version|runtime\.name|home|specification\.version) ?= ?\S/m.test(
      text,
    )
  );
}

// a property line: a dotted lower-case key ("java.vm.name", "sun.arch.data.model") = value
// (also `key=value`, as System.getProperties() dumps print it)
const PROPERTY_LINE = /^([ \t]*)([a-z][\w-]*(?:\.[\w-]+)+) ?= ?(.*)$/;

// the revision lines OpenJ9 appends to java.vm.info and java.fullversion, unindented (eclipse-openj9/openj9#1034,
// adoptium/temurin-build#1387): "OpenJ9   - 77c1cf708", "OMR      - 20db4fbc", "JCL      - 2a7af5674b based on ..."
const OPENJ9_REVISION_LINE = /^(OpenJ9|OMR|JCL|IBM)\s+- [0-9a-f]{6,}/;

function readPropertyBlock(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  let lastKey: string | undefined;
  let keyIndent = 0;
  let inOtherSection = false;
  for (const line of text.split(/\r?\n/)) {
    if (lastKey && OPENJ9_REVISION_LINE.test(line)) {
      // OpenJ9 prints the rest of java.vm.info / java.fullversion at column 0: "OpenJ9   - dff29d8c2"
      properties[lastKey] = `${properties[lastKey]}\n${line.trim()}`;
      continue;
    }
    if (/^\S/.test(line)) {
      // a section header ("VM settings:", "Locale settings:") or the version banner ends a value
      inOtherSection = /^(VM|Locale|Security|System) (settings|properties):?/i.test(line);
      if (/^Property settings:/.test(line)) inOtherSection = false;
      lastKey = undefined;
    }
    if (inOtherSection) continue;
    const kv = PROPERTY_LINE.exec(line);
    if (kv) {
      lastKey = kv[2];
      keyIndent = kv[1].length;
      properties[lastKey] = kv[3].trim();
    } else if (lastKey && line.trim() !== '' && /^\s/.test(line) && indentOf(line) > keyIndent) {
      properties[lastKey] = `${properties[lastKey]}\n${line.trim()}`;
    } else if (line.trim() === '') {
      lastKey = undefined;
    }
  }
  return properties;
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}
