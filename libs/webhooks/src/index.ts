/**
 * @keel/webhooks: results that reach people. Slack-compatible JSON messages, one URL per event kind
 * (`WEBHOOK_URL_JMH_REGRESSION`, `…_JMH_CRASH`, `…_JMH_HANG`, `…_BUILD_QUEUED`, `…_LICENCE_EXPOSURE_GREW`,
 * `…_FRESHNESS_SLO_BROKEN`), each occurrence delivered once (dedup key), retried with exponential backoff
 * on 5xx/timeouts, and recorded in the platform DB's `webhook_deliveries`.
 */
export * from './lib/webhook-event';
export { slackMessage, slackEscape } from './lib/slack-message';
export { retryable } from './lib/retryable';
export {
  WebhookNotifier,
  webhookSettingsFromEnv,
  type WebhookSettings,
  type WebhookDelivery,
  type DeliveryStatus,
} from './lib/webhook-notifier';
