/**
 * The regular files of a tar archive (`docker cp <container>:<file> -` writes one to stdout). Reads
 * ustar/GNU/PAX headers far enough for that: names, sizes and typeflags; PAX and GNU long-name records
 * are applied to the entry that follows them. Never throws; a truncated archive yields what it holds.
 */
export function tarFiles(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 48); // NUL = '0' (old tar)
    const prefix = cString(header.subarray(345, 500));
    const name =
      longName ??
      (prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    const body = archive.subarray(offset + 512, Math.min(archive.length, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = cString(body);
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      longName = path ? path[1] : null;
      continue;
    }
    if (type === 'g') continue;
    longName = null;
    if (type === '0' || type === '7') files.set(name, Buffer.from(body));
  }
  return files;
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  return text === '' ? 0 : parseInt(text, 8) || 0;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}
