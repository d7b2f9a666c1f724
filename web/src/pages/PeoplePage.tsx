import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { Avatar } from '../components/Avatar';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyBox } from '../components/CopyBox';
import { EmptyState, ErrorMessage, Loading, Notice } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { formatDateTime } from '../format';
import { useMe, useSession } from '../session';
import { useAsync } from '../useAsync';
import { useFormSubmit } from '../useFormSubmit';
import type { Member, Role, SessionPolicy } from '../types';

const ROLES: { role: Role; label: string; help: string }[] = [
  { role: 'agent', label: 'Agent', help: 'Reads customers and journeys, edits profiles.' },
  { role: 'analyst', label: 'Analyst', help: 'Reads everything, edits touchpoints and their rules.' },
  { role: 'admin', label: 'Admin', help: 'Everything, including API keys and people.' },
];

type Added = Member & { password?: string };

export function PeoplePage() {
  const me = useMe();
  const { refresh } = useSession();
  const isAdmin = me.workspace.role === 'admin';
  const people = useAsync(() => api.get<{ data: Member[] }>('/users'), []);
  const [added, setAdded] = useState<Added | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  /** Changes a member; each change that takes access away ends their sessions on the server at once. */
  async function act(person: Member, change: () => Promise<unknown>) {
    setActionError(null);
    setBusyId(person.id);
    try {
      await change();
      people.reload();
      // Your own role or access changed: the app follows.
      if (person.id === me.user.id) await refresh();
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusyId(null);
    }
  }

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
        <ErrorMessage message={actionError} />
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
                {isAdmin && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {people.data.data.map((p) => (
                <tr key={p.id} className={p.status === 'active' ? undefined : 'inactive'}>
                  <td>
                    <div className="person">
                      <Avatar id={p.id} text={p.name || p.email} size="small" />
                      <span className="strong">{p.name}</span>
                      {p.id === me.user.id && <span className="badge neutral">You</span>}
                      {p.status === 'deactivated' && <span className="badge warning">Deactivated</span>}
                    </div>
                  </td>
                  <td>{p.email}</td>
                  <td>
                    {isAdmin ? (
                      <select
                        aria-label={`Role of ${p.name || p.email}`}
                        value={p.role}
                        disabled={busyId === p.id}
                        onChange={(e) => void act(p, () => api.patch(`/users/${p.id}`, { role: e.target.value }))}
                      >
                        {ROLES.map((r) => (
                          <option key={r.role} value={r.role}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className={`badge role-${p.role}`}>{p.role}</span>
                    )}
                  </td>
                  <td className="nowrap">{formatDateTime(p.createdAt)}</td>
                  {isAdmin && (
                    <td className="nowrap">
                      <span className="row-actions">
                        {p.status === 'active' ? (
                          <ConfirmButton
                            label="Deactivate"
                            confirmLabel="Deactivate and sign out"
                            ariaLabel={`Deactivate ${p.name || p.email}`}
                            disabled={busyId === p.id}
                            onConfirm={() => void act(p, () => api.patch(`/users/${p.id}`, { status: 'deactivated' }))}
                          />
                        ) : (
                          <button
                            type="button"
                            className="btn small"
                            aria-label={`Reactivate ${p.name || p.email}`}
                            disabled={busyId === p.id}
                            onClick={() => void act(p, () => api.patch(`/users/${p.id}`, { status: 'active' }))}
                          >
                            Reactivate
                          </button>
                        )}
                        <ConfirmButton
                          label="Remove"
                          confirmLabel="Remove from workspace"
                          ariaLabel={`Remove ${p.name || p.email}`}
                          disabled={busyId === p.id}
                          onConfirm={() => void act(p, () => api.del(`/users/${p.id}`))}
                        />
                      </span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {isAdmin && (
          <p className="hint table-hint">
            Deactivating or removing someone signs them out at once; their name stays on their past work. A deactivated person can be reactivated; a removed one can be
            added again.
          </p>
        )}
      </section>

      <SessionLifetimeCard canEdit={isAdmin} />
    </div>
  );
}

/** How long sessions last in this workspace: admins set it, and it applies to sessions already open. */
function SessionLifetimeCard({ canEdit }: { canEdit: boolean }) {
  const policy = useAsync(() => api.get<SessionPolicy>('/session-policy'), []);
  const [saved, setSaved] = useState(0);
  return (
    <section className="card" aria-labelledby="sessions-title">
      <div className="card-header">
        <h2 id="sessions-title">Sessions</h2>
      </div>
      <ErrorMessage message={policy.error} onRetry={policy.reload} />
      {saved > 0 && <Notice tone="success">Saved. Sessions past the new limits have ended.</Notice>}
      {!policy.data ? (
        policy.loading && <Loading />
      ) : canEdit ? (
        <SessionLifetimeForm
          key={saved}
          policy={policy.data}
          onSaved={(p) => {
            policy.setData(() => p);
            setSaved((n) => n + 1);
          }}
        />
      ) : (
        <p className="inline-form">
          A session ends after {policy.data.idleHours} hours unused, and {policy.data.maxHours} hours after login in any case.
        </p>
      )}
    </section>
  );
}

function SessionLifetimeForm({ policy, onSaved }: { policy: SessionPolicy; onSaved: (p: SessionPolicy) => void }) {
  const [idle, setIdle] = useState(String(policy.idleHours));
  const [max, setMax] = useState(String(policy.maxHours));
  const { submit, busy, error } = useFormSubmit(async () => onSaved(await api.put<SessionPolicy>('/session-policy', { idleHours: Number(idle), maxHours: Number(max) })));
  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="form-row">
        <div className="field">
          <label htmlFor="session-idle">Ends when unused for (hours)</label>
          <input id="session-idle" type="number" min={1} max={720} step={1} required value={idle} onChange={(e) => setIdle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="session-max">Ends after login at most (hours)</label>
          <input id="session-max" type="number" min={1} max={2160} step={1} required value={max} onChange={(e) => setMax(e.target.value)} />
        </div>
        <div className="field field-button">
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
      <p className="hint">Unused: 1 to 720 hours (30 days); at most: 1 to 2160 hours (90 days). Sessions already open that the new limits rule out end at once.</p>
      <ErrorMessage message={error} />
    </form>
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
