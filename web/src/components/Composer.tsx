import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, errorMessage } from '../api';
import { ticketCustomerName } from '../tickets';
import type { TicketDetail, TicketMessage } from '../types';
import { ErrorMessage } from './Feedback';
import { Icon } from './Icon';

type Mode = 'reply' | 'note';

/** Replies are emailed on email, web and API tickets when the customer has an address (as the server does). */
function replyHint(ticket: TicketDetail): string {
  const emailed = ['email', 'web', 'api'].includes(ticket.channel) && ticket.customer.email;
  if (emailed) return `Emailed to ${ticket.customer.email}.`;
  if (ticket.channel === 'phone') return 'Recorded on the ticket and the journey; phone tickets are not emailed.';
  return 'Recorded on the ticket and the customer’s journey.';
}

/** Write a public reply or an internal note; Ctrl+Enter sends. */
export function Composer({ ticket, onSent }: { ticket: TicketDetail; onSent: (message: TicketMessage, solve: boolean) => Promise<void> | void }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('reply');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSolve = mode === 'reply' && ticket.status !== 'solved';

  async function send(solve: boolean) {
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const message = await api.post<TicketMessage>(`/tickets/${encodeURIComponent(ticket.id)}/messages`, { body, public: mode === 'reply' });
      setBody('');
      await onSent(message, solve);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void send(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send(false);
    }
  }

  return (
    <form className={`card composer composer-${mode}`} onSubmit={submit} aria-label="Composer">
      <div className="composer-modes" role="group" aria-label="Write">
        <button type="button" className="composer-mode" aria-pressed={mode === 'reply'} onClick={() => setMode('reply')}>
          <Icon name="reply" size={14} /> Reply
        </button>
        <button type="button" className="composer-mode" aria-pressed={mode === 'note'} onClick={() => setMode('note')}>
          <Icon name="note" size={14} /> Internal note
        </button>
      </div>
      <label htmlFor={`${id}-body`} className="composer-label">
        {mode === 'reply' ? `Reply to ${ticketCustomerName(ticket)}` : 'Internal note (only agents see it)'}
      </label>
      <textarea
        id={`${id}-body`}
        className="composer-text"
        rows={5}
        maxLength={100_000}
        value={body}
        placeholder={mode === 'reply' ? 'Write your reply…' : 'Add context for your team: what you checked, who to ask…'}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ErrorMessage message={error} />
      <div className="composer-footer">
        <span className="composer-hint">{mode === 'reply' ? replyHint(ticket) : 'Notes are never sent to the customer.'}</span>
        <span className="composer-actions">
          {canSolve && (
            <button type="button" className="btn" disabled={busy || !body.trim()} onClick={() => void send(true)}>
              Send and solve
            </button>
          )}
          <button type="submit" className={`btn ${mode === 'note' ? 'note-submit' : 'primary'}`} disabled={busy || !body.trim()} title="Ctrl+Enter">
            {busy ? 'Sending…' : mode === 'reply' ? 'Send reply' : 'Add note'}
          </button>
        </span>
      </div>
    </form>
  );
}
