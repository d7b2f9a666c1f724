import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { Avatar } from '../components/Avatar';
import { CopyBox } from '../components/CopyBox';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { formatDateTime } from '../format';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import type { Member, Role } from '../types';

const ROLES: { role: Role; label: string; help: string }[] = [
  { role: 'agent', label: 'Agent', help: 'Reads customers and journeys, edits profiles.' },
  { role: 'analyst', label: 'Analyst', help: 'Reads everything, edits touchpoints and their rules.' },
  { role: 'admin', label: 'Admin', help: 'Everything, including API keys and people.' },
];

type Added = Member & { password?: string };

export function PeoplePage() {
  const me = useMe();
  const isAdmin = me.workspace.role === 'admin';
  const people = useAsync(() => api.get<{ data: Member[] }>('/users'), []);
  const [added, setAdded] = useState<Added | null>(null);

  return (
    <div className="page narrow">
      <PageHeader title="Settings" />
      <SettingsTabs />

      {isAdmin && (
        <section className="card" aria-labelledby="add-person-title">
          <div className="card-header">
            <h2 id="add-person-title">Add a person</h2>
            <span className="muted small">to {me.workspace.name}</span>
          </div>
          <AddPersonForm
            onAdded={(person) => {
              setAdded(person);
              people.reload();
            }}
          />
          {added && (
            <div className="new-secret" role="status">
              {added.password ? (
                <>
                  <p className="new-secret-title">
                    <strong>{added.name}</strong> can now log in as <strong>{added.email}</strong> with this password. It is shown only once: send it to them
                    over a safe channel.
                  </p>
                  <CopyBox value={added.password} label={`Password of ${added.email}`} />
                </>
              ) : (
                <p className="new-secret-title">
                  <strong>{added.email}</strong> already had an account: they can log in with their password and switch to this workspace.
                </p>
              )}
              <button type="button" className="btn small" onClick={() => setAdded(null)}>
                Done
              </button>
            </div>
          )}
        </section>
      )}

      <section className="card table-card" aria-labelledby="people-title">
        <div className="card-header">
          <h2 id="people-title">People</h2>
          {people.data && <span className="muted small">{people.data.data.length === 1 ? '1 member' : `${people.data.data.length} members`}</span>}
        </div>
        <ErrorMessage message={people.error} onRetry={people.errorStatus === 403 ? undefined : people.reload} />
        {people.loading && !people.data ? (
          <Loading />
        ) : people.data && people.data.data.length === 0 ? (
          <EmptyState title="No members">Add the agents, analysts and admins of this workspace.</EmptyState>
        ) : people.data ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {people.data.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <div className="person">
                      <Avatar id={p.id} text={p.name || p.email} size="small" />
                      <span className="strong">{p.name}</span>
                      {p.id === me.user.id && <span className="badge neutral">You</span>}
                    </div>
                  </td>
                  <td>{p.email}</td>
                  <td>
                    <span className={`badge role-${p.role}`}>{p.role}</span>
                  </td>
                  <td className="nowrap">{formatDateTime(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

function AddPersonForm({ onAdded }: { onAdded: (person: Added) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onAdded(await api.post<Added>('/users', { email: email.trim(), name: name.trim(), role }));
      setEmail('');
      setName('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="form-row">
        <div className="field grow">
          <label htmlFor="person-name">Name</label>
          <input id="person-name" required maxLength={200} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor="person-email">Email</label>
          <input id="person-email" type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="person-role">Role</label>
          <select id="person-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-button">
          <button type="submit" className="btn primary" disabled={busy || !email.trim() || !name.trim()}>
            {busy ? 'Adding…' : 'Add person'}
          </button>
        </div>
      </div>
      <p className="hint">{ROLES.find((r) => r.role === role)?.help} A password is generated and shown once.</p>
      <ErrorMessage message={error} />
    </form>
  );
}
