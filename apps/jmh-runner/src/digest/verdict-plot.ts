import type { JmhVerdict } from '@keel/api-contracts';

const W = 720;
const H = 280;
const COLORS = { baseline: '#4c72b0', candidate: '#dd8452', band: '#e8f3e8', axis: '#444', text: '#222' };
const STATUS_COLORS: Record<string, string> = {
  regression: '#c0392b',
  improvement: '#1e8449',
  'no-change': '#555',
  inconclusive: '#b9770e',
};

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1000) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
};

/** "Nice" tick values spanning [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * One SVG per compared benchmark: left, every fork's value of both builds (one point per JVM) with
 * their means; right, the direction-normalised speedup with its bootstrap interval on a log scale,
 * against the no-change band of the minimum effect. Hand-written SVG, no dependency.
 */
export function verdictPlotSvg(
  verdict: JmhVerdict,
  labels: { baseline: string; candidate: string },
  minEffect: number,
): string {
  const parts: string[] = [];
  const title = `${verdict.key}: ${verdict.status}`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="10" y="18" font-size="12" font-weight="bold" fill="${STATUS_COLORS[verdict.status] ?? COLORS.text}">${esc(title)}</text>`,
  );

  // ---- left: fork values ----
  const a = verdict.baseline?.forkValues ?? [];
  const b = verdict.candidate?.forkValues ?? [];
  const all = [...a, ...b];
  const top = 40;
  const bottom = H - 45;
  const left = 70;
  const right = 360;
  if (all.length > 0) {
    let lo = Math.min(...all);
    let hi = Math.max(...all);
    const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.05 || 1;
    lo = Math.max(0, lo - pad);
    hi += pad;
    const y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
    parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="${COLORS.axis}"/>`);
    for (const t of ticks(lo, hi)) {
      if (t < lo || t > hi) continue;
      parts.push(
        `<line x1="${left - 4}" y1="${y(t).toFixed(1)}" x2="${right}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`,
        `<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="${COLORS.text}">${fmt(t)}</text>`,
      );
    }
    parts.push(
      `<text x="14" y="${(top + bottom) / 2}" transform="rotate(-90 14 ${(top + bottom) / 2})" text-anchor="middle" fill="${COLORS.text}">${esc(verdict.unit ?? '')}${verdict.direction ? ` (${verdict.direction === 'higher-is-better' ? 'higher' : 'lower'} is better)` : ''}</text>`,
    );
    const column = (values: number[], cx: number, color: string, name: string, meanValue: number | null) => {
      values.forEach((v, i) => {
        const dx = values.length === 1 ? 0 : (i / (values.length - 1) - 0.5) * 40;
        parts.push(
          `<circle cx="${(cx + dx).toFixed(1)}" cy="${y(v).toFixed(1)}" r="4" fill="${color}" fill-opacity="0.75"><title>fork ${i + 1}: ${fmt(v)}</title></circle>`,
        );
      });
      if (meanValue !== null)
        parts.push(
          `<line x1="${cx - 32}" y1="${y(meanValue).toFixed(1)}" x2="${cx + 32}" y2="${y(meanValue).toFixed(1)}" stroke="${color}" stroke-width="2"/>`,
        );
      parts.push(
        `<text x="${cx}" y="${bottom + 16}" text-anchor="middle" fill="${color}">${esc(name)}</text>`,
        `<text x="${cx}" y="${bottom + 30}" text-anchor="middle" fill="${COLORS.text}">${values.length} forks</text>`,
      );
    };
    column(a, left + 80, COLORS.baseline, labels.baseline, verdict.baseline?.mean ?? null);
    column(b, left + 220, COLORS.candidate, labels.candidate, verdict.candidate?.mean ?? null);
  } else {
    parts.push(`<text x="${left}" y="${(top + bottom) / 2}" fill="${COLORS.text}">no fork values</text>`);
  }

  // ---- right: speedup and its interval, log scale ----
  const px0 = 410;
  const px1 = W - 30;
  const mid = (top + bottom) / 2;
  const s = verdict.speedup;
  const ci = verdict.speedupCi;
  const bandLo = 1 / (1 + minEffect);
  const bandHi = 1 + minEffect;
  const values = [bandLo, bandHi, s, ci?.lower, ci?.upper].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0,
  );
  const lmin = Math.log(Math.min(...values)) - 0.05;
  const lmax = Math.log(Math.max(...values)) + 0.05;
  const x = (v: number) => px0 + ((Math.log(v) - lmin) / (lmax - lmin)) * (px1 - px0);
  parts.push(
    `<text x="${(px0 + px1) / 2}" y="${top}" text-anchor="middle" fill="${COLORS.text}">speedup (candidate/baseline, &gt; 1 = candidate better)</text>`,
    `<rect x="${x(bandLo).toFixed(1)}" y="${top + 10}" width="${(x(bandHi) - x(bandLo)).toFixed(1)}" height="${bottom - top - 10}" fill="${COLORS.band}"><title>no-change band ±${(minEffect * 100).toFixed(0)}%</title></rect>`,
    `<line x1="${x(1).toFixed(1)}" y1="${top + 10}" x2="${x(1).toFixed(1)}" y2="${bottom}" stroke="${COLORS.axis}" stroke-dasharray="4 3"/>`,
    `<line x1="${px0}" y1="${bottom}" x2="${px1}" y2="${bottom}" stroke="${COLORS.axis}"/>`,
  );
  const logTicks = ticks(Math.exp(lmin), Math.exp(lmax), 4).filter(
    (t) => t > 0 && x(t) >= px0 && x(t) <= px1,
  );
  for (const t of logTicks) {
    parts.push(
      `<line x1="${x(t).toFixed(1)}" y1="${bottom}" x2="${x(t).toFixed(1)}" y2="${bottom + 4}" stroke="${COLORS.axis}"/>`,
      `<text x="${x(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.text}">${fmt(t)}x</text>`,
    );
  }
  const color = STATUS_COLORS[verdict.status] ?? COLORS.text;
  if (ci !== null && ci.lower !== null && ci.upper !== null && ci.lower > 0) {
    parts.push(
      `<line x1="${x(ci.lower).toFixed(1)}" y1="${mid}" x2="${x(ci.upper).toFixed(1)}" y2="${mid}" stroke="${color}" stroke-width="2"/>`,
      `<line x1="${x(ci.lower).toFixed(1)}" y1="${mid - 8}" x2="${x(ci.lower).toFixed(1)}" y2="${mid + 8}" stroke="${color}" stroke-width="2"/>`,
      `<line x1="${x(ci.upper).toFixed(1)}" y1="${mid - 8}" x2="${x(ci.upper).toFixed(1)}" y2="${mid + 8}" stroke="${color}" stroke-width="2"/>`,
    );
  }
  if (s !== null && s > 0) {
    parts.push(`<circle cx="${x(s).toFixed(1)}" cy="${mid}" r="5" fill="${color}"/>`);
    const ciText =
      ci !== null && ci.lower !== null && ci.upper !== null
        ? ` ${Math.round(ci.confidence * 100)}% CI [${fmt(ci.lower)}, ${fmt(ci.upper)}]`
        : '';
    parts.push(
      `<text x="${(px0 + px1) / 2}" y="${mid + 30}" text-anchor="middle" fill="${color}">${fmt(s)}x${esc(ciText)}</text>`,
      `<text x="${(px0 + px1) / 2}" y="${mid + 46}" text-anchor="middle" fill="${COLORS.text}">p ${verdict.pValue === null ? '-' : fmt(verdict.pValue)}, q ${verdict.qValue === null ? '-' : fmt(verdict.qValue)}</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** A file name for a key: `dev.keel.jmh.CollectionsBenchmark.sortCopy [thrpt] {size=100}` → safe slug. */
export function plotFileName(key: string): string {
  return `${key
    .replace(/^dev\.keel\.jmh\./, '')
    .replace(/[^A-Za-z0-9.=-]+/g, '_')
    .replace(/_+$/, '')}.svg`;
}
