import { useState } from 'react';
import { api, errorMessage } from '../api';
import { AVAILABILITY_HINTS, AVAILABILITY_LABELS } from '../routing';
import { useMe } from '../session';
import { AVAILABILITIES, type Agent, type Availability, type Team } from '../types';
import { Avatar } from './Avatar';
import { ErrorMessage } from './Feedback';

/** Who takes tickets: availability, open tickets against capacity, teams. Admins change anyone's availability and capacity. */
export function AgentsTable({ agents, teams, onChanged }: { agents: Agent[]; teams: Team[]; onChanged: () => void }) {
  const me = useMe();
  const isAdmin = me.workspace.role === 'admin';
  const [error, setError] = useState<string | null>(null);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));

  async function save(agent: Agent, body: { availability?: Availability; capacity?: number }) {
    setError(null);
    try {
      await api.put(`/agents/${agent.userId}/status`, body);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <>
      <ErrorMessage message={error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Availability</th>
            <th scope="col" className="num">
              Open tickets
            </th>
            <th scope="col" className="num">
              Capacity
            </th>
            <th scope="col">Teams</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.userId}>
              <td>
                <div className="person">
                  <Avatar id={a.userId} text={a.name || a.email} size="small" />
                  <span className="strong">{a.name || a.email}</span>
                  {a.userId === me.user.id && <span className="badge neutral">You</span>}
                </div>
              </td>
              <td>
                {isAdmin ? (
                  <select aria-label={`Availability of ${a.name}`} value={a.availability} onChange={(e) => save(a, { availability: e.target.value as Availability })}>
                    {AVAILABILITIES.map((v) => (
                      <option key={v} value={v}>
                        {AVAILABILITY_LABELS[v]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="availability-label" title={AVAILABILITY_HINTS[a.availability]}>
                    <span className={`availability-dot ${a.availability}`} aria-hidden="true" />
                    {AVAILABILITY_LABELS[a.availability]}
                  </span>
                )}
              </td>
              <td className="num">{a.load}</td>
              <td className="num">
                {isAdmin ? (
                  <input
                    className="capacity-input"
                    type="number"
                    min={0}
                    max={1000}
                    aria-label={`Capacity of ${a.name}`}
                    defaultValue={a.capacity}
                    key={a.capacity}
                    onBlur={(e) => {
                      const capacity = Number(e.target.value);
                      if (Number.isInteger(capacity) && capacity !== a.capacity) void save(a, { capacity });
                    }}
                  />
                ) : (
                  a.capacity
                )}
              </td>
              <td>{a.teamIds.map((id) => teamName.get(id)).filter(Boolean).join(', ') || <span className="muted">None</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
