// The local stack's mail: nothing leaves the machine. Messages the auth server would send (e-mail
// change confirmations) are kept in memory, newest first, and listed as a page at `/mail` on the
// auth server — like the mail catcher of Supabase's own local stack. The auth server runs only on
// the local stack (loopback), so this page never exists in hosted mode.
import type http from 'node:http';

export interface LocalMessage {
  to: string;
  subject: string;
  link: string;
  sentAt: Date;
}

/** Enough for a development session; older messages fall off (they are in the log too). */
const KEEP = 50;

export class LocalMailbox {
  private readonly messages: LocalMessage[] = [];

  add(message: Omit<LocalMessage, 'sentAt'>): void {
    this.messages.unshift({ ...message, sentAt: new Date() });
    this.messages.length = Math.min(this.messages.length, KEEP);
  }

  /** Newest first; only one address's messages with `to`. */
  list(to?: string): LocalMessage[] {
    const wanted = to?.trim().toLowerCase();
    return this.messages.filter((m) => !wanted || m.to.toLowerCase() === wanted);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderMailbox(messages: readonly LocalMessage[]): string {
  const rows = messages
    .map(
      (
        m,
      ) => `<li><p><strong>To:</strong> ${escapeHtml(m.to)} · <time datetime="${m.sentAt.toISOString()}">${escapeHtml(m.sentAt.toISOString().replace('T', ' ').slice(0, 19))} UTC</time></p>
<p><strong>${escapeHtml(m.subject)}</strong></p>
<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local mail — Quantum Forge</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}li{border-bottom:1px solid #ccc;padding:.5rem 0;list-style:none}a{word-break:break-all}</style></head>
<body><h1>Local mail</h1>
<p>Messages the local auth server would have e-mailed (newest first, the last ${KEEP}, kept until it restarts). Nothing is sent anywhere; open a link to confirm.</p>
${messages.length ? `<ul>${rows}</ul>` : '<p>No messages yet.</p>'}
</body></html>`;
}

/** GET /mail[?to=address]: the page, with headers that keep it to itself. */
export function serveMailbox(mailbox: LocalMailbox, url: URL, res: http.ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(renderMailbox(mailbox.list(url.searchParams.get('to') ?? undefined)));
}
