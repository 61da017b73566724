import { JdkEvidence } from './jdk-build';

export interface Platform {
  os: string | null;
  arch: string | null;
  bits: 32 | 64 | null;
}

const ARCH_BITS: Record<string, 32 | 64> = {
  amd64: 64,
  x86_64: 64,
  'x86-64': 64,
  aarch64: 64,
  arm64: 64,
  ppc64: 64,
  ppc64le: 64,
  s390x: 64,
  riscv64: 64,
  sparcv9: 64,
  loongarch64: 64,
  x86: 32,
  i386: 32,
  i586: 32,
  i686: 32,
  arm: 32,
  aarch32: 32,
  ppc: 32,
  s390: 32,
};

// Vendor version tokens that carry the platform, e.g. Zulu's "(Zulu 8.74.0.17-CA-linux64)".
const OS_TOKENS: [RegExp, string][] = [
  [/\blinux(?:64|32)?\b|-linux/i, 'Linux'],
  [/\bwin(?:dows)?(?:64|32)?\b|-win/i, 'Windows'],
  [/\bmac ?os(?: x)?\b|macosx|darwin/i, 'Mac OS X'],
];

/** Works out os, arch and bits from whatever the evidence carries. */
export function derivePlatform(evidence: JdkEvidence, impliedOs?: string): Platform {
  let os = evidence.os ?? null;
  let arch = evidence.arch ?? null;
  let bits: 32 | 64 | null = null;
  // OpenJ9 prints "JRE 11 Linux amd64-64-Bit Compressed References"
  const j9 = /JRE [\d.]+ (.+?) (\w+)-(64|32)(?:-Bit)?\b/.exec(evidence.vmDetails ?? '');
  if (j9) {
    os = os ?? j9[1];
    arch = arch ?? j9[2];
    bits = Number(j9[3]) as 32 | 64;
  }
  if (!os) {
    const text = `${evidence.vendorVersion ?? ''} ${evidence.vmVendorVersion ?? ''}`;
    os = OS_TOKENS.find(([re]) => re.test(text))?.[1] ?? impliedOs ?? null;
    const tokenBits = /(?:linux|win|macosx?)(64|32)\b/i.exec(text);
    if (tokenBits && bits === null) bits = Number(tokenBits[1]) as 32 | 64;
  }
  if (evidence.dataModel === '64' || evidence.dataModel === '32')
    bits = Number(evidence.dataModel) as 32 | 64;
  if (bits === null && arch) bits = ARCH_BITS[arch.toLowerCase()] ?? null;
  if (bits === null && evidence.vmName) {
    if (/64-Bit/i.test(evidence.vmName)) bits = 64;
    // a HotSpot banner without "64-Bit" is a 32-bit VM ("Java HotSpot(TM) Client VM")
    else if (/(Server|Client) VM$/.test(evidence.vmName)) bits = 32;
  }
  return { os, arch, bits };
}
