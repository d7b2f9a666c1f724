import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, errorMessage } from '../api';
import type { Names } from '../rules';
import { ticketCustomerName } from '../tickets';
import type { CallDetails, Macro, MacroPreview, TicketDetail } from '../types';
import { ErrorMessage } from './Feedback';
import { Icon } from './Icon';
import { CallFields, emptyCall } from './CallFields';
import { MacroChanges } from './MacroChanges';
import { MacroPicker } from './MacroPicker';

type Mode = 'reply' | 'note' | 'call';

/** Replies are emailed on email, web and API tickets when the customer has an address (as the server does). */
function replyHint(ticket: TicketDetail): string {
  const emailed = ['email', 'web', 'api'].includes(ticket.channel) && ticket.customer.email;
  if (emailed) return `Emailed to ${ticket.customer.email}.`;
  if (ticket.channel === 'phone') return 'Recorded on the ticket and the journey; phone tickets are not emailed.';
  return 'Recorded on the ticket and the customer’s journey.';
}

/**
 * Write a public reply or an internal note, or log a call; Ctrl+Enter sends. A macro
 * fills in its reply for the agent to edit, and sending applies it with its changes
 * (a macro without a reply applies at once).
 */
export function Composer({ ticket, names, onSent }: { ticket: TicketDetail; names: Names; onSent: (solve: boolean) => Promise<void> | void }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('reply');
  const [body, setBody] = useState('');
  const [call, setCall] = useState<CallDetails>(() => emptyCall('outbound'));
  const [macro, setMacro] = useState<{ macro: Macro; preview: MacroPreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSolve = mode === 'reply' && ticket.status !== 'solved';

  async function send(solve: boolean) {
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (macro) await api.post(`/tickets/${encodeURIComponent(ticket.id)}/macros/${macro.macro.id}`, { reply: body });
      else await api.post(`/tickets/${encodeURIComponent(ticket.id)}/messages`, mode === 'call' ? { body, call } : { body, public: mode === 'reply' });
      setBody('');
      setCall(emptyCall('outbound'));
      setMacro(null);
      await onSent(solve);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function pick(chosen: Macro) {
    setBusy(true);
    setError(null);
    try {
      const path = `/tickets/${encodeURIComponent(ticket.id)}/macros/${chosen.id}`;
      if (chosen.reply) {
        const preview = await api.get<MacroPreview>(path);
        setMacro({ macro: chosen, preview });
        setMode(preview.replyPublic ? 'reply' : 'note');
        setBody(preview.reply ?? '');
      } else {
        await api.post(path);
        await onSent(false);
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  /** Another mode drops the macro: its reply would not be of that kind. */
  function choose(next: Mode) {
    if (next !== mode) setMacro(null);
    setMode(next);
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
        <button type="button" className="composer-mode" aria-pressed={mode === 'reply'} onClick={() => choose('reply')}>
          <Icon name="reply" size={14} /> Reply
        </button>
        <button type="button" className="composer-mode" aria-pressed={mode === 'note'} onClick={() => choose('note')}>
          <Icon name="note" size={14} /> Internal note
        </button>
        <button type="button" className="composer-mode" aria-pressed={mode === 'call'} onClick={() => choose('call')}>
          <Icon name="phone" size={14} /> Log a call
        </button>
        <MacroPicker disabled={busy} onPick={(m) => void pick(m)} />
      </div>
      {macro && <MacroChanges name={macro.macro.name} preview={macro.preview} tags={ticket.tags} names={names} onRemove={() => setMacro(null)} />}
      {mode === 'call' && <CallFields value={call} onChange={setCall} />}
      <label htmlFor={`${id}-body`} className="composer-label">
        {mode === 'reply' ? `Reply to ${ticketCustomerName(ticket)}` : mode === 'call' ? 'Call notes' : 'Internal note (only agents see it)'}
      </label>
      <textarea
        id={`${id}-body`}
        className="composer-text"
        rows={5}
        maxLength={100_000}
        value={body}
        placeholder={mode === 'reply' ? 'Write your reply…' : mode === 'call' ? 'What was said and agreed on the call…' : 'Add context for your team: what you checked, who to ask…'}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ErrorMessage message={error} />
      <div className="composer-footer">
        <span className="composer-hint">
          {mode === 'reply' ? replyHint(ticket) : mode === 'call' ? 'Recorded on the ticket and the customer’s journey; nothing is emailed.' : 'Notes are never sent to the customer.'}
        </span>
        <span className="composer-actions">
          {canSolve && (
            <button type="button" className="btn" disabled={busy || !body.trim()} onClick={() => void send(true)}>
              Send and solve
            </button>
          )}
          <button type="submit" className={`btn ${mode === 'note' ? 'note-submit' : 'primary'}`} disabled={busy || !body.trim()} title="Ctrl+Enter">
            {busy ? 'Sending…' : mode === 'reply' ? 'Send reply' : mode === 'call' ? 'Log the call' : 'Add note'}
          </button>
        </span>
      </div>
    </form>
  );
}
