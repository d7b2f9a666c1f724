import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { AgentsTable } from '../components/AgentsTable';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { TeamCard } from '../components/TeamCard';
import { ROUTING_HINTS, ROUTING_LABELS, useAgents, useTeams } from '../routing';
import { useMe } from '../session';
import { TEAM_ROUTINGS, type TeamRouting } from '../types';

export function TeamsPage() {
  const me = useMe();
  const isAdmin = me.workspace.role === 'admin';
  const teams = useTeams();
  const agents = useAgents();
  const reload = () => {
    teams.reload();
    agents.reload();
  };

  return (
    <div className="page narrow">
      <PageHeader title="Settings" />
      <SettingsTabs />

      {isAdmin && (
        <section className="card" aria-labelledby="new-team-title">
          <div className="card-header">
            <h2 id="new-team-title">Create a team</h2>
            <span className="muted small">A ticket with a team is assigned by the team’s routing</span>
          </div>
          <CreateTeamForm onCreated={reload} />
        </section>
      )}

      <ErrorMessage message={teams.error ?? agents.error} onRetry={reload} />
      {(teams.loading && !teams.data) || (agents.loading && !agents.data) ? (
        <Loading />
      ) : teams.data && agents.data ? (
        <>
          {teams.data.length === 0 ? (
            <section className="card">
              <EmptyState title="No teams">Teams own tickets; round-robin or load routing hands each waiting ticket to an online member.</EmptyState>
            </section>
          ) : (
            teams.data.map((t) => <TeamCard key={`${t.id}:${t.name}:${t.routing}:${t.members.map((m) => m.userId).join()}`} team={t} agents={agents.data!} isAdmin={isAdmin} onChanged={reload} />)
          )}
          <section className="card table-card" aria-labelledby="agents-title">
            <div className="card-header">
              <h2 id="agents-title">Agents</h2>
              <span className="muted small">Only agents online with room get new tickets. Each agent sets theirs at the foot of the menu.</span>
            </div>
            <AgentsTable agents={agents.data} teams={teams.data} onChanged={agents.reload} />
          </section>
        </>
      ) : null}
    </div>
  );
}

function CreateTeamForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [routing, setRouting] = useState<TeamRouting>('round-robin');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/teams', { name: name.trim(), routing });
      setName('');
      onCreated();
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
          <label htmlFor="team-name">Name</label>
          <input id="team-name" required maxLength={100} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Orders" />
        </div>
        <div className="field">
          <label htmlFor="team-routing">Routing</label>
          <select id="team-routing" value={routing} onChange={(e) => setRouting(e.target.value as TeamRouting)}>
            {TEAM_ROUTINGS.map((r) => (
              <option key={r} value={r}>
                {ROUTING_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-button">
          <button type="submit" className="btn primary" disabled={busy || !name.trim()}>
            {busy ? 'Creating…' : 'Create team'}
          </button>
        </div>
      </div>
      <p className="hint">{ROUTING_HINTS[routing]}</p>
      <ErrorMessage message={error} />
    </form>
  );
}
