/** The events Keel tells people about; each kind has its own URL (`WEBHOOK_URL_<KIND>`). */
export const WEBHOOK_EVENT_KINDS = [
  'jmh.regression',
  'jmh.crash',
  'jmh.hang',
  'build.queued',
  'fleet.licence-exposure-grew',
  'index.freshness-slo-broken',
] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

/** `jmh.regression` → `WEBHOOK_URL_JMH_REGRESSION`. */
export const urlVariableOf = (kind: WebhookEventKind) =>
  `WEBHOOK_URL_${kind
    .replace(/^fleet\.|^index\./, '')
    .replace(/[.-]/g, '_')
    .toUpperCase()}`;

export interface WebhookEvent {
  kind: WebhookEventKind;
  /**
   * Identity of the occurrence: the same key is delivered once, however often it is notified
   * (e.g. `jmh.regression:<comparisonId>`, `fleet.licence-exposure-grew:<count>`).
   */
  dedupKey: string;
  title: string;
  text: string;
  /** Short facts shown as fields (Slack: at most 10). */
  fields?: Record<string, string | number>;
  /** Where to look (the console page, a digest). */
  link?: string;
}

/**
 * The hook for the index freshness probe: the event to pass to `WebhookNotifier.notify` when the
 * commit-to-searchable time breaks its SLO. One message per alias and broken period (`since`).
 */
export function freshnessSloBroken(breach: {
  alias: string;
  /** When the SLO started to be broken (ISO-8601): the period's identity. */
  since: string;
  observedMs: number;
  sloMs: number;
  /** e.g. "p95 over 5 min" */
  measure: string;
  link?: string;
}): WebhookEvent {
  return {
    kind: 'index.freshness-slo-broken',
    dedupKey: `index.freshness-slo-broken:${breach.alias}:${breach.since}`,
    title: `Index freshness SLO broken on ${breach.alias}`,
    text: `Commit to searchable took ${breach.observedMs} ms (${breach.measure}), above the ${breach.sloMs} ms SLO since ${breach.since}.`,
    fields: {
      alias: breach.alias,
      observed: `${breach.observedMs} ms`,
      slo: `${breach.sloMs} ms`,
      since: breach.since,
    },
    link: breach.link,
  };
}
