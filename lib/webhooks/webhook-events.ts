// The events a webhook receives and how each looks on the wire: the JSON event itself, or for a
// Slack incoming-webhook URL (https://hooks.slack.com/services/…) a Slack message ({text, blocks}).
import { METHOD_LABELS, type Method } from '../calculations/parameters.ts';

export const WEBHOOK_EVENT_TYPES = [
  'calculation.succeeded',
  'calculation.failed',
  'calculation.cancelled',
  'batch.completed',
  'batch.cancelled',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface CalculationSummary {
  name: string | null;
  method: string;
  task: string;
  total_energy_eh: number | null;
  homo_lumo_gap_ev: number | null;
  error: string | null;
}

export interface BatchSummary {
  name: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

/** The JSON body of an event (the same on every attempt of a delivery). */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The calculation's or batch's id; for a test event, the delivery's. */
  id: string;
  status: string;
  occurred_at: string;
  /** Path of the page in the app; `url` adds the origin when the server knows it (QF_SITE_URL). */
  link: string;
  url?: string;
  summary: CalculationSummary | BatchSummary | { message: string };
}

export function isSlackWebhook(url: URL): boolean {
  return url.protocol === 'https:' && url.hostname === 'hooks.slack.com' && url.pathname.startsWith('/services/');
}

/** Slack's mrkdwn needs &, < and > escaped; names are the user's own text. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function eventHeadline(event: WebhookEvent): string {
  const s = event.summary;
  if ('message' in s) return s.message;
  if ('total' in s) {
    const verb = event.type === 'batch.cancelled' ? 'was cancelled' : 'finished';
    return `Batch “${s.name}” ${verb}: ${s.succeeded} of ${s.total} succeeded, ${s.failed} failed, ${s.cancelled} cancelled.`;
  }
  const name = s.name ? `“${s.name}”` : event.id.slice(0, 8);
  const method = METHOD_LABELS[s.method as Method] ?? s.method;
  if (event.type === 'calculation.succeeded') {
    const energy = s.total_energy_eh === null ? '' : `: E = ${s.total_energy_eh.toFixed(6)} Eh`;
    return `Calculation ${name} (${method}, ${s.task}) succeeded${energy}.`;
  }
  if (event.type === 'calculation.cancelled') return `Calculation ${name} (${method}, ${s.task}) was cancelled.`;
  return `Calculation ${name} (${method}, ${s.task}) failed${s.error ? `: ${s.error}` : '.'}`;
}

export function slackMessage(event: WebhookEvent): { text: string; blocks: unknown[] } {
  const headline = slackEscape(eventHeadline(event));
  const link = event.url ? ` <${event.url}|Open in Quantum Forge>` : '';
  return {
    text: eventHeadline(event),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${headline}${link}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${event.type} · ${event.occurred_at}` }] },
    ],
  };
}

/** The request body for a URL: the Slack message for Slack's incoming webhooks, else the event. */
export function requestBody(url: URL, event: WebhookEvent): string {
  return JSON.stringify(isSlackWebhook(url) ? slackMessage(event) : event);
}
