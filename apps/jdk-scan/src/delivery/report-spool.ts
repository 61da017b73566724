import type { FleetReport } from '@keel/jdk-detect';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes a file so that a reader never sees half of it (temp file, then rename). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, path);
}

/**
 * Reports that could not be delivered, one `<reportId>.json` each. The next successful delivery sends
 * them too (the inventory ignores a reportId it has already stored), so nothing is lost.
 */
export class ReportSpool {
  constructor(readonly dir: string) {}

  async put(report: FleetReport): Promise<string> {
    const path = join(this.dir, `${report.reportId}.json`);
    await writeFileAtomic(path, `${JSON.stringify(report)}\n`);
    return path;
  }

  /** Spooled report files, oldest first. */
  async list(limit = 100): Promise<string[]> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => /^[0-9a-f-]{36}\.json$/.test(n));
    } catch {
      return [];
    }
    const withTimes = await Promise.all(
      names.map(async (n) => ({
        path: join(this.dir, n),
        mtimeMs: (await fs.stat(join(this.dir, n))).mtimeMs,
      })),
    );
    return withTimes
      .sort((a, b) => a.mtimeMs - b.mtimeMs)
      .slice(0, limit)
      .map((f) => f.path);
  }

  async remove(path: string): Promise<void> {
    await fs.rm(path, { force: true });
  }
}
