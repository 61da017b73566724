import { JdkEvidence } from './jdk-build';

/**
 * Reads a JDK `release` file (`KEY="value"` lines, as written by the OpenJDK build). Unknown keys are
 * kept in `raw`; malformed lines are skipped. Never throws.
 */
export function parseReleaseFile(text: string): JdkEvidence {
  const raw: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(.*))\s*$/.exec(line);
    if (m) raw[m[1]] = (m[2] ?? m[3] ?? m[4] ?? '').trim();
  }
  const pick = (key: string): string | undefined => (raw[key] ? raw[key] : undefined);
  return {
    versionString: pick('JAVA_VERSION'),
    versionDate: pick('JAVA_VERSION_DATE'),
    runtimeVersion: pick('JAVA_RUNTIME_VERSION') ?? pick('FULL_VERSION'),
    vendorVersion: pick('IMPLEMENTOR_VERSION'),
    javaVendor: pick('IMPLEMENTOR'),
    os: pick('OS_NAME'),
    arch: pick('OS_ARCH'),
    imageType: pick('IMAGE_TYPE'),
    jvmVariant: pick('JVM_VARIANT'),
    modules: pick('MODULES'),
    raw,
  };
}

/** A release file has `JAVA_VERSION="..."` and is made of KEY=value lines. */
export function looksLikeReleaseFile(text: string): boolean {
  return /^\s*JAVA_VERSION\s*=/m.test(text) && !/^\s*(java|openjdk) version/m.test(text);
}
