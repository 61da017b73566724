import type { WebhookEvent } from './webhook-event';

/** Slack's three escapes for text fields (https://api.slack.com/reference/surfaces/formatting#escaping). */
export const slackEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const EMOJI: Record<WebhookEvent['kind'], string> = {
  'jmh.regression': ':chart_with_downwards_trend:',
  'jmh.crash': ':boom:',
  'jmh.hang': ':hourglass:',
  'build.queued': ':package:',
  'fleet.licence-exposure-grew': ':warning:',
  'index.freshness-slo-broken': ':snail:',
};

/**
 * An incoming-webhook message Slack (and Mattermost, Rocket.Chat, Teams' Slack-compatible connectors)
 * accepts: `text` as the fallback and notification line, Block Kit blocks for the details.
 */
export function slackMessage(event: WebhookEvent): Record<string, unknown> {
  const fields = Object.entries(event.fields ?? {})
    .slice(0, 10)
    .map(([name, value]) => ({
      type: 'mrkdwn',
      text: `*${slackEscape(name)}*\n${slackEscape(String(value))}`,
    }));
  const link = event.link ? `\n<${encodeURI(event.link)}|Open in Keel>` : '';
  return {
    text: `${EMOJI[event.kind]} ${slackEscape(event.title)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: event.title.slice(0, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `${slackEscape(event.text)}${link}`.slice(0, 3000) } },
      ...(fields.length > 0 ? [{ type: 'section', fields }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `keel · ${event.kind}` }] },
    ],
  };
}
