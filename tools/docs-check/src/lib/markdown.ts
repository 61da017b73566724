/** What the docs check reads from a Markdown file: its relative links and its TypeScript blocks. */
export interface MarkdownLink {
  line: number;
  target: string;
}

export interface TypeScriptBlock {
  /** Line of the opening fence, 1-based. */
  line: number;
  code: string;
  /** Declarations from a `<!-- ts-context ... -->` comment just above the fence, for names a snippet uses but does not create. */
  context: string;
}

const FENCE = /^(\s*)(```|~~~)\s*([\w-]*)/;

/** Lines outside fenced code blocks, with inline code spans blanked, so `[a](b)` in code is not a link. */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | null = null;
  text.split('\n').forEach((raw, i) => {
    const match = FENCE.exec(raw);
    if (match) {
      if (fence === null) fence = match[2] as string;
      else if (raw.trim().startsWith(fence)) fence = null;
      return;
    }
    if (fence === null) out.push({ line: i + 1, text: raw.replace(/`[^`]*`/g, '``') });
  });
  return out;
}

/** Inline links and images whose target is a path in the repository (not a URL, not a bare `#anchor`). */
export function relativeLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text: prose } of proseLines(text)) {
    for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      links.push({ line, target });
    }
  }
  return links;
}

/** Fenced blocks marked `ts` or `typescript`. */
export function typeScriptBlocks(text: string): TypeScriptBlock[] {
  const lines = text.split('\n');
  const blocks: TypeScriptBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[2] as string;
    const lang = (open[3] as string).toLowerCase();
    let end = i + 1;
    while (end < lines.length && !(lines[end] as string).trim().startsWith(fence)) end++;
    if (lang === 'ts' || lang === 'typescript') {
      blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n'), context: contextAbove(lines, i) });
    }
    i = end;
  }
  return blocks;
}

function contextAbove(lines: string[], fenceIndex: number): string {
  let end = fenceIndex - 1;
  while (end >= 0 && (lines[end] as string).trim() === '') end--;
  if (end < 0 || !(lines[end] as string).trim().endsWith('-->')) return '';
  let start = end;
  while (start >= 0 && !(lines[start] as string).includes('<!--')) start--;
  if (start < 0) return '';
  const comment = lines.slice(start, end + 1).join('\n');
  const match = /<!--\s*ts-context\b([\s\S]*?)-->/.exec(comment);
  return match ? (match[1] as string).trim() : '';
}
