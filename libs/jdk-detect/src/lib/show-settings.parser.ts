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

/** True when the text carries a `Property settings:` block. */
export function looksLikeShowSettings(text: string): boolean {
  return /^Property settings:\s*$/m.test(text) || /^\s{4}java\.version = /m.test(text);
}

function readPropertyBlock(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  let inBlock = !/^Property settings:/m.test(text);
  let lastKey: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^Property settings:/.test(line)) {
      inBlock = true;
      continue;
    }
    if (/^\S/.test(line)) {
      // another section ("VM settings:") or the version banner ends the block
      if (line.trim() !== '') inBlock = /^Property settings:/.test(line);
      lastKey = undefined;
      continue;
    }
    if (!inBlock) continue;
    const kv = /^ {4}([\w.-]+) = ?(.*)$/.exec(line);
    if (kv) {
      lastKey = kv[1];
      properties[lastKey] = kv[2].trim();
    } else if (lastKey && /^ {8,}\S/.test(line)) {
      properties[lastKey] = `${properties[lastKey]}\n${line.trim()}`;
    }
  }
  return properties;
}
