import { JdkVersion } from './jdk-build';

/**
 * Parses a Java version string in either scheme: legacy `1.8.0_181` (JDK 8 and older) or JEP 223/322
 * `17.0.12`, `11.0.9.1`, `17`. `runtimeVersion` (`1.8.0_181-b13`, `17.0.12+7-LTS`) supplies the build
 * number. Vendor suffixes (`11.0.2-BellSoft`, `17.0.3-ga`, `10-adoptopenjdk`) are ignored.
 * Returns null when nothing version-like is found; never throws.
 */
export function parseJavaVersion(
  versionString: string | undefined,
  runtimeVersion?: string,
): JdkVersion | null {
  const text = (versionString ?? runtimeVersion ?? '').trim();
  // 1.8.0_181; HP-UX's JDK numbers its releases 1.6.0.06 (hp-jdk/hp-jdk-1.6.0.06-hpux-pa-risc); Zulu 6
  // prints 1.6.0-119 (zulu/openzipkin-zulu-6.22.0.3-1.6.0-119)
  const legacy = /^1\.(\d+)(?:\.(\d+))?(?:[_.](\d+)|-(\d+)(?=$|-))?/.exec(text);
  let feature: number;
  let interim = 0;
  let update = 0;
  let patch = 0;
  if (legacy) {
    // 1.8.0_181 is 8 / 0 / 181; 1.4.2_19 is 4 / 2 / 19
    feature = Number(legacy[1]);
    interim = legacy[2] ? Number(legacy[2]) : 0;
    const u = legacy[3] ?? legacy[4];
    update = u ? Number(u) : 0;
    // a header without its update ('java version "1.8.0 73"', oracle/oracle-8u73-b02-macos-version-typo-space)
    // under a runtime version that has one (1.8.0_73-b02): the runtime version is the more precise
    if (!u && versionString !== undefined && runtimeVersion) {
      const rt = parseJavaVersion(runtimeVersion);
      if (rt && rt.feature === feature && rt.interim === interim) update = rt.update;
    }
  } else {
    const modern = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
    if (!modern || Number(modern[1]) < 2) return null;
    feature = Number(modern[1]);
    interim = modern[2] ? Number(modern[2]) : 0;
    update = modern[3] ? Number(modern[3]) : 0;
    patch = modern[4] ? Number(modern[4]) : 0;
  }
  const build = parseBuildNumber(runtimeVersion ?? text, feature);
  const full = `${feature}.${interim}.${update}${patch > 0 ? `.${patch}` : ''}`;
  return { feature, interim, update, patch, build, full };
}

/** `+7` in JEP 223 strings; `-b13` in legacy ones (the last one, as Ubuntu repeats it). */
export function parseBuildNumber(runtimeVersion: string, feature: number): number | null {
  const plus = /\+(\d+)/.exec(runtimeVersion);
  if (plus) return Number(plus[1]);
  if (feature <= 8) {
    const bees = [...runtimeVersion.matchAll(/-b(\d+)/g)];
    const last = bees.at(-1);
    if (last) return Number(last[1]);
  }
  return null;
}

/** Orders two versions; negative when a is older. Build numbers are not compared. */
export function compareJavaVersions(a: JdkVersion, b: JdkVersion): number {
  return a.feature - b.feature || a.interim - b.interim || a.update - b.update || a.patch - b.patch;
}
