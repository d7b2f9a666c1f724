import { useId, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ROUTING_HINTS, ROUTING_LABELS } from '../routing';
import { TEAM_ROUTINGS, type Agent, type Team, type TeamRouting } from '../types';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage } from './Feedback';

/** One team: its name, routing mode and members; admins change them. */
export function TeamCard({ team, agents, isAdmin, onChanged }: { team: Team; agents: Agent[]; isAdmin: boolean; onChanged: () => void }) {
  const id = useId();
  const [name, setName] = useState(team.name);
  const [routing, setRouting] = useState<TeamRouting>(team.routing);
  const [members, setMembers] = useState(() => new Set(team.members.map((m) => m.userId)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const membersChanged = members.size !== team.members.length || team.members.some((m) => !members.has(m.userId));

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function saveTeam(e: FormEvent) {
    e.preventDefault();
    void run(() => api.patch(`/teams/${team.id}`, { name: name.trim(), routing }));
  }

  function toggle(userId: string) {
    const next = new Set(members);
    if (!next.delete(userId)) next.add(userId);
    setMembers(next);
  }

  return (
    <section className="card team-card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>
          {team.name}
          <span className="badge neutral" title={ROUTING_HINTS[team.routing]}>
            {ROUTING_LABELS[team.routing]}
          </span>
        </h2>
        {isAdmin && <ConfirmButton label="Delete" confirmLabel="Delete team" ariaLabel={`Delete ${team.name}`} disabled={busy} onConfirm={() => void run(() => api.del(`/teams/${team.id}`))} />}
      </div>
      {isAdmin && (
        <form className="inline-form" onSubmit={saveTeam}>
          <div className="form-row">
            <div className="field grow">
              <label htmlFor={`${id}-name`}>Name</label>
              <input id={`${id}-name`} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-routing`}>Routing</label>
              <select id={`${id}-routing`} value={routing} onChange={(e) => setRouting(e.target.value as TeamRouting)}>
                {TEAM_ROUTINGS.map((r) => (
                  <option key={r} value={r}>
                    {ROUTING_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-button">
              <button type="submit" className="btn" disabled={busy || !name.trim() || (name.trim() === team.name && routing === team.routing)}>
                Save
              </button>
            </div>
          </div>
          <p className="hint">{ROUTING_HINTS[routing]}</p>
        </form>
      )}
      <div className="team-members">
        <h3>Members</h3>
        {isAdmin ? (
          <>
            <ul className="member-choices">
              {agents.map((a) => (
                <li key={a.userId}>
                  <label>
                    <input type="checkbox" checked={members.has(a.userId)} disabled={busy} onChange={() => toggle(a.userId)} />
                    {a.name || a.email}
                  </label>
                </li>
              ))}
            </ul>
            <button type="button" className="btn small" disabled={busy || !membersChanged} onClick={() => void run(() => api.put(`/teams/${team.id}/members`, { userIds: [...members] }))}>
              Save members
            </button>
          </>
        ) : team.members.length ? (
          <p className="card-text">{team.members.map((m) => m.name).join(', ')}</p>
        ) : (
          <p className="muted small">No members yet.</p>
        )}
      </div>
      <ErrorMessage message={error} />
    </section>
  );
}
