import { retryable } from './retryable';
import { slackEscape, slackMessage } from './slack-message';
import { WEBHOOK_EVENT_KINDS, urlVariableOf } from './webhook-event';
import { webhookSettingsFromEnv } from './webhook-notifier';

describe('webhooks (pure parts)', () => {
  it('names one URL variable per kind', () => {
    expect(WEBHOOK_EVENT_KINDS.map(urlVariableOf)).toEqual([
      'WEBHOOK_URL_JMH_REGRESSION',
      'WEBHOOK_URL_JMH_CRASH',
      'WEBHOOK_URL_JMH_HANG',
      'WEBHOOK_URL_BUILD_QUEUED',
      'WEBHOOK_URL_LICENCE_EXPOSURE_GREW',
      'WEBHOOK_URL_FRESHNESS_SLO_BROKEN',
    ]);
  });

  it('builds a Slack message with the fallback text, escaped, and fields', () => {
    const message = slackMessage({
      kind: 'jmh.regression',
      dedupKey: 'x',
      title: 'temurin-25 regressed <2> benchmarks',
      text: 'A & B',
      fields: { baseline: 'temurin-21', regressions: 2 },
      link: 'http://127.0.0.1:3000/console/#/benchmarks',
    });
    expect(message['text']).toBe(':chart_with_downwards_trend: temurin-25 regressed &lt;2&gt; benchmarks');
    const blocks = message['blocks'] as {
      type: string;
      text?: { text: string };
      fields?: { text: string }[];
    }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(blocks[1].text?.text).toBe('A &amp; B\n<http://127.0.0.1:3000/console/#/benchmarks|Open in Keel>');
    expect(blocks[2].fields?.map((f) => f.text)).toEqual(['*baseline*\ntemurin-21', '*regressions*\n2']);
    expect(slackEscape('<@here>')).toBe('&lt;@here&gt;');
  });

  it('retries only what may succeed later', () => {
    expect([500, 503, 408, 429].every(retryable)).toBe(true);
    expect([400, 401, 404, 410].some(retryable)).toBe(false);
  });

  it('reads URLs and settings from the environment, naming a bad variable', () => {
    const s = webhookSettingsFromEnv({
      WEBHOOK_URL_JMH_CRASH: 'http://hooks.example/crash',
      WEBHOOK_MAX_ATTEMPTS: '3',
    });
    expect(s.urls).toEqual({ 'jmh.crash': 'http://hooks.example/crash' });
    expect(s.maxAttempts).toBe(3);
    expect(() => webhookSettingsFromEnv({ WEBHOOK_URL_JMH_HANG: 'ftp://x' })).toThrow(/WEBHOOK_URL_JMH_HANG/);
    expect(() => webhookSettingsFromEnv({ WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
  });
});
