import { useId, useState } from 'react';
import { api, errorMessage } from '../api';
import { formatDateTime, plural } from '../format';
import type { Theme, ThemeRun } from '../insights';
import { useAsync } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { ThemeItem } from './ThemeItem';

const DAY_MS = 86_400_000;

/** The recurring issues of the last run (daily, over 30 days): admins may ask for a run now. */
export function ThemesView({ canRefresh }: { canRefresh: boolean }) {
  const id = useId();
  const result = useAsync(() => api.get<{ run: ThemeRun | null; themes: Theme[] }>('/insights/themes'), []);
  const [note, setNote] = useState<string | null>(null);
  const run = result.data?.run;
  const themes = result.data?.themes ?? [];

  async function refresh() {
    try {
      await api.post('/insights/themes/refresh');
      setNote('Finding themes now; reload in a minute to see them.');
    } catch (err) {
      setNote(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Recurring themes</h2>
        {run && (
          <span className="muted">
            {plural(run.texts, 'text')} from {formatDateTime(run.from)} to {formatDateTime(run.to)}, found {formatDateTime(run.computedAt)}
          </span>
        )}
        {canRefresh && (
          <button type="button" className="btn small" onClick={refresh}>
            Find themes now
          </button>
        )}
      </div>
      {note && <p role="status">{note}</p>}
      <ErrorMessage message={result.error} onRetry={result.reload} />
      {result.loading && !result.data ? (
        <Loading />
      ) : result.data && themes.length === 0 ? (
        <EmptyState title={run ? 'No recurring themes' : 'No themes yet'}>
          {run ? 'Too few customer texts in this period share an issue.' : 'Themes are found once a day in what customers wrote: ticket openings, survey comments and reviews.'}
        </EmptyState>
      ) : run ? (
        <ul className="theme-list">
          {themes.map((t) => (
            <ThemeItem key={t.id} theme={t} periodDays={Math.round((Date.parse(run.to) - Date.parse(run.from)) / DAY_MS)} />
          ))}
        </ul>
      ) : null}
      {run && run.other > 0 && <p className="muted">{plural(run.other, 'text')} shared no theme with others.</p>}
    </section>
  );
}
