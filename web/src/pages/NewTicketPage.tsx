import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api, errorMessage } from '../api';
import { CallFields, emptyCall } from '../components/CallFields';
import { ErrorMessage } from '../components/Feedback';
import { Icon, type IconName } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { assignable, useMembers } from '../members';
import { useMe } from '../session';
import { PRIORITY_LABELS } from '../tickets';
import { TICKET_PRIORITIES, type CallDetails, type Ticket, type TicketChannel, type TicketPriority } from '../types';

type NewChannel = Extract<TicketChannel, 'phone' | 'email' | 'web' | 'chat'>;

const CHANNEL_CHOICES: { channel: NewChannel; label: string; icon: IconName; message: string; placeholder: string }[] = [
  { channel: 'phone', label: 'Phone call', icon: 'phone', message: 'Call notes', placeholder: 'What the customer asked for, what you told them…' },
  { channel: 'email', label: 'Email', icon: 'email', message: 'The customer’s message', placeholder: 'Paste or summarise the email…' },
  { channel: 'web', label: 'Web form', icon: 'web', message: 'The customer’s message', placeholder: 'What the customer wrote…' },
  { channel: 'chat', label: 'Chat', icon: 'chat', message: 'The conversation', placeholder: 'Paste or summarise the chat…' },
];

function isNewChannel(value: string | null): value is NewChannel {
  return CHANNEL_CHOICES.some((c) => c.channel === value);
}

/** Opens a ticket for a customer: a logged call, a request that came another way. */
export function NewTicketPage() {
  const me = useMe();
  const id = useId();
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const members = useMembers();
  const asked = params.get('channel');
  const [channel, setChannel] = useState<NewChannel>(isNewChannel(asked) ? asked : 'email');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [name, setName] = useState(params.get('name') ?? '');
  const [phone, setPhone] = useState('');
  const [subject, setSubject] = useState(params.get('subject') ?? '');
  const [body, setBody] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('normal');
  // A call is usually handled by whoever took it.
  const [assigneeId, setAssigneeId] = useState<string>(asked === 'phone' ? me.user.id : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [call, setCall] = useState<CallDetails>(() => emptyCall('inbound'));

  const choice = CHANNEL_CHOICES.find((c) => c.channel === channel)!;
  const isCall = channel === 'phone';
  const hasCustomer = Boolean(email.trim() || phone.trim());

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!hasCustomer) {
      setError('Give the customer’s email or phone number, so the ticket joins their journey.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ticket = await api.post<Ticket>('/tickets', {
        customer: {
          ...(email.trim() ? { email: email.trim() } : {}),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
          ...(name.trim() ? { name: name.trim() } : {}),
        },
        subject: subject.trim(),
        message: isCall ? { body, author: 'customer', call } : { body },
        channel,
        priority,
        assigneeId: assigneeId || null,
      });
      navigate(`/tickets/${ticket.id}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <div className="page narrow">
      <Link href="/inbox" className="back-link">
        <Icon name="back" size={14} /> Inbox
      </Link>
      <PageHeader title={isCall ? 'Log a call' : 'New ticket'} subtitle="For a request that reached you outside the inbox. It joins the customer’s journey like any other." />

      <form className="card new-ticket" onSubmit={submit}>
        <fieldset className="segmented-field">
          <legend>Channel</legend>
          <div className="segmented">
            {CHANNEL_CHOICES.map((c) => (
              <label key={c.channel} className={`segment${c.channel === channel ? ' selected' : ''}`}>
                <input type="radio" name={`${id}-channel`} value={c.channel} checked={c.channel === channel} onChange={() => setChannel(c.channel)} />
                <Icon name={c.icon} size={14} />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>

        <h2 className="form-section">Customer</h2>
        <div className="form-row">
          <div className="field grow">
            <label htmlFor={`${id}-email`}>
              Email {isCall && <span className="optional">or phone</span>}
            </label>
            <input id={`${id}-email`} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@example.com" />
          </div>
          <div className="field grow">
            <label htmlFor={`${id}-name`}>
              Name <span className="optional">optional</span>
            </label>
            <input id={`${id}-name`} maxLength={200} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field grow">
            <label htmlFor={`${id}-phone`}>
              Phone <span className="optional">{isCall ? 'or email' : 'optional'}</span>
            </label>
            <input id={`${id}-phone`} type="tel" maxLength={40} autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+351 912 345 678" />
          </div>
        </div>
        <p className="hint">An existing customer with this email or phone gets the ticket on their journey; otherwise a new customer is created.</p>

        <h2 className="form-section">Request</h2>
        <div className="field">
          <label htmlFor={`${id}-subject`}>Subject</label>
          <input id={`${id}-subject`} required maxLength={300} value={subject} onChange={(e) => setSubject(e.target.value)} placeholder={isCall ? 'e.g. Order arrived damaged' : 'A short summary'} />
        </div>
        {isCall && <CallFields value={call} onChange={setCall} />}
        <div className="field">
          <label htmlFor={`${id}-body`}>{choice.message}</label>
          <textarea id={`${id}-body`} required rows={6} maxLength={100_000} value={body} onChange={(e) => setBody(e.target.value)} placeholder={choice.placeholder} />
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select id={`${id}-priority`} value={priority} onChange={(e) => setPriority(e.target.value as TicketPriority)}>
              {TICKET_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-assignee`}>Assignee</label>
            <select id={`${id}-assignee`} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
              <option value="">Unassigned</option>
              {assignable(members.data).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name || m.email}
                  {m.id === me.user.id ? ' (you)' : ''}
                </option>
              ))}
            </select>
          </div>
        </div>

        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={busy || !subject.trim() || !body.trim()}>
            {busy ? 'Creating…' : isCall ? 'Log the call' : 'Create ticket'}
          </button>
          <Link href="/inbox" className="btn ghost">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
