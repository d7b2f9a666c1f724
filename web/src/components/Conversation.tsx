import { useState } from 'react';
import { formatDateTime, formatRelative } from '../format';
import { CHANNEL_LABELS, formatBytes, memberName, ticketCustomerName } from '../tickets';
import type { Member, TicketChannel, TicketDetail, TicketMessage } from '../types';
import { Avatar } from './Avatar';
import { callSummary } from './CallFields';
import { Icon } from './Icon';
import { SentimentBadge } from './SentimentBadge';
import { DeliveryBadge } from './TicketBadges';

/**
 * The email as it was written, in a frame that can run nothing and load nothing:
 * `sandbox=""` (no scripts, no forms, a unique origin) and a content policy that
 * blocks remote images (tracking pixels) and fonts. The server sanitised it too.
 */
function EmailFrame({ html, text, title }: { html: string; text: string; title: string }) {
  // The frame cannot tell its height (it runs no script): guess it from the text, scroll beyond.
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 90)), 0);
  const height = Math.min(Math.max(lines * 21 + 40, 120), 480);
  const doc = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>body{margin:12px 14px;font:14px/1.5 -apple-system,BlinkMacSystemFont,'Segoe UI',system-ui,Roboto,Arial,sans-serif;color:#1b1f24;overflow-wrap:anywhere}img{max-width:100%;height:auto}img:not([src^="data:"]){display:none}blockquote{margin:0 0 0 4px;padding-left:10px;border-left:2px solid #d4d7dd;color:#4f5763}table{max-width:100%}a{color:#4f46e5}</style>
</head><body>${html}</body></html>`;
  return <iframe className="email-frame" title={title} sandbox="" srcDoc={doc} referrerPolicy="no-referrer" style={{ height }} />;
}

function authorName(m: TicketMessage, ticket: TicketDetail, members: Member[] | undefined): string {
  if (m.author === 'customer') return ticket.customer.name || m.from || ticketCustomerName(ticket);
  if (m.author === 'system') return 'Touchpoint';
  return memberName(members, m.authorUserId) ?? (m.authorUserId ? 'An agent' : 'API');
}

function Message({ message: m, ticket, members }: { message: TicketMessage; ticket: TicketDetail; members: Member[] | undefined }) {
  const [original, setOriginal] = useState(false);
  const [showTrimmed, setShowTrimmed] = useState(false);
  const name = authorName(m, ticket, members);
  const kind = !m.public ? 'note' : m.author === 'customer' ? 'customer' : m.author === 'agent' ? 'reply' : 'system';
  const channel = CHANNEL_LABELS[m.channel as TicketChannel] ?? m.channel;

  return (
    <li className={`message message-${kind}`} aria-label={`${kind === 'note' ? 'Internal note' : kind === 'reply' ? 'Reply' : 'Message'} from ${name}`}>
      <Avatar id={m.author === 'customer' ? ticket.customer.id : (m.authorUserId ?? m.author)} text={name} size="small" />
      <div className="message-card">
        <div className="message-head">
          <span className="message-author">{name}</span>
          {kind === 'note' && (
            <span className="badge note-label">
              <Icon name="note" size={12} /> Internal note
            </span>
          )}
          {kind === 'reply' && <span className="message-kind">replied</span>}
          {kind === 'customer' && m.from && m.from !== name && <span className="message-from">{m.from}</span>}
          <span className="message-meta">
            {kind !== 'note' && <span>via {channel}</span>}
            <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
              {formatRelative(m.createdAt)}
            </time>
          </span>
          {m.delivery && <DeliveryBadge delivery={m.delivery} />}
          <SentimentBadge sentiment={m.sentiment} />
        </div>
        {m.call && (
          <div className="call-summary">
            <Icon name="phone" size={12} /> {callSummary(m.call)}
          </div>
        )}
        <div className="message-text">{m.body}</div>
        {m.trimmed && (
          <div className="message-trimmed">
            <button
              type="button"
              className="trimmed-toggle"
              aria-expanded={showTrimmed}
              title={showTrimmed ? 'Hide the quoted thread and signature' : 'Show the quoted thread and signature'}
              aria-label={showTrimmed ? 'Hide the quoted thread and signature' : 'Show the quoted thread and signature'}
              onClick={() => setShowTrimmed(!showTrimmed)}
            >
              ···
            </button>
            {showTrimmed && <div className="message-text trimmed-text">{m.trimmed}</div>}
          </div>
        )}
        {m.html && (
          <div className="message-original">
            <button type="button" className="link-button small" aria-expanded={original} onClick={() => setOriginal(!original)}>
              {original ? 'Hide the original email' : 'Show the original email'}
            </button>
            {original && (
              <>
                <EmailFrame html={m.html} text={m.body} title={`Original email from ${name}`} />
                <p className="muted small">Shown without scripts; remote images are not loaded.</p>
              </>
            )}
          </div>
        )}
        {m.attachments.length > 0 && (
          <ul className="attachments" aria-label="Attachments">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a className="attachment" href={`/api/v1/tickets/${encodeURIComponent(ticket.id)}/attachments/${encodeURIComponent(a.id)}`} download={a.filename}>
                  <Icon name="paperclip" size={14} />
                  <span className="attachment-name">{a.filename}</span>
                  <span className="attachment-size">{formatBytes(a.size)}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

/** Messages oldest first: the customer's, our replies and internal notes, each looking like what it is. */
export function Conversation({ ticket, members }: { ticket: TicketDetail; members: Member[] | undefined }) {
  return (
    <ol className="conversation" aria-label="Conversation">
      {ticket.messages.map((m) => (
        <Message key={m.id} message={m} ticket={ticket} members={members} />
      ))}
    </ol>
  );
}
