import type { HostInfo } from '@keel/jdk-detect';
import os from 'node:os';
import type { HostFs } from './host-fs';

/** NAME and VERSION_ID of an os-release(5) text ("Debian GNU/Linux", "12"). Pure. */
export function parseOsRelease(text: string): { name: string | null; version: string | null } {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values.set(match[1], match[2].replace(/^(["'])(.*)\1$/, '$2'));
  }
  return {
    name: values.get('NAME') ?? values.get('ID') ?? null,
    version: values.get('VERSION_ID') ?? values.get('VERSION') ?? null,
  };
}

/**
 * Who the host is: its hostname (KEEL_HOSTNAME, else /etc/hostname under a host root, else the agent's),
 * /etc/machine-id, the OS from /etc/os-release (or /usr/lib/os-release), the CPU architecture, labels.
 */
export async function readHostInfo(
  fs: HostFs,
  options: { hostname?: string; labels: Record<string, string> },
): Promise<HostInfo> {
  const fromHostRoot = fs.root !== '/' ? (await fs.readText('/etc/hostname', 4096))?.trim() : undefined;
  const hostname = (options.hostname || fromHostRoot || os.hostname()).slice(0, 253);
  const machineId = (await fs.readText('/etc/machine-id', 4096))?.trim() || null;
  const osRelease = (await fs.readText('/etc/os-release')) ?? (await fs.readText('/usr/lib/os-release'));
  const release = osRelease !== null ? parseOsRelease(osRelease) : { name: null, version: null };
  return {
    hostname,
    machineId: machineId && /^[0-9a-f]{32}$/i.test(machineId) ? machineId : null,
    os: (release.name ?? os.type()).slice(0, 4096),
    osVersion: (release.version ?? (release.name ? null : os.release()))?.slice(0, 256) ?? null,
    arch: os.machine(),
    labels: options.labels,
  };
}
