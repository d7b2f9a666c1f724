import { useState } from 'react';
import { api, errorMessage, query } from '../api';
import { dayKey, formatDay } from '../format';
import { useAsync } from '../useAsync';
import { STAGES, type JourneyEntry, type Page, type Stage } from '../types';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { JourneyEntryItem, isUnmapped } from './JourneyEntryItem';
import { StageSummary } from './StageSummary';
import { stageClass, stageLabel } from './StageBadge';

const PAGE_SIZE = 50;

type Filter = 'all' | Stage | 'unmapped';

function matches(filter: Filter, e: JourneyEntry): boolean {
  if (filter === 'all') return true;
  if (filter === 'unmapped') return isUnmapped(e);
  return e.stage === filter;
}

function groupByDay(entries: JourneyEntry[]): { key: string; label: string; entries: JourneyEntry[] }[] {
  const groups: { key: string; label: string; entries: JourneyEntry[] }[] = [];
  for (const e of entries) {
    const key = dayKey(e.at);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.entries.push(e);
    else groups.push({ key, label: formatDay(e.at), entries: [e] });
  }
  return groups;
}

export function JourneyTimeline({ customerId }: { customerId: string }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const path = `/customers/${encodeURIComponent(customerId)}/journey`;
  const journey = useAsync(() => api.get<Page<JourneyEntry>>(`${path}${query({ order: 'desc', limit: PAGE_SIZE })}`), [path]);

  async function loadMore() {
    const cursor = journey.data?.nextCursor;
    if (!cursor) return;
    setMore({ busy: true, error: null });
    try {
      const next = await api.get<Page<JourneyEntry>>(`${path}${query({ order: 'desc', limit: PAGE_SIZE, cursor })}`);
      journey.setData((current) => ({ data: [...(current?.data ?? []), ...next.data], nextCursor: next.nextCursor }));
      setMore({ busy: false, error: null });
    } catch (err) {
      setMore({ busy: false, error: errorMessage(err) });
    }
  }

  const entries = journey.data?.data ?? [];
  const shown = entries.filter((e) => matches(filter, e));
  const filters: Filter[] = ['all', ...STAGES, 'unmapped'];

  return (
    <section className="card journey-card">
      <div className="card-header">
        <h2>Journey</h2>
        <span className="muted small">Newest first</span>
      </div>

      {journey.data && entries.length > 0 && <StageSummary entries={entries} partial={Boolean(journey.data.nextCursor)} />}

      {journey.data && entries.length > 0 && (
        <div className="chips" role="group" aria-label="Filter by stage">
          {filters.map((f) => {
            const n = f === 'all' ? entries.length : entries.filter((e) => matches(f, e)).length;
            return (
              <button
                key={f}
                type="button"
                className={`chip ${f === 'all' ? '' : stageClass(f === 'unmapped' ? null : f)}`}
                aria-pressed={filter === f}
                onClick={() => setFilter(f)}
              >
                <span>{f === 'all' ? 'All' : stageLabel(f === 'unmapped' ? null : f)}</span>
                <span className="chip-count">{n}</span>
              </button>
            );
          })}
        </div>
      )}

      <ErrorMessage message={journey.error} onRetry={journey.reload} />

      <div className="timeline" aria-label="Journey" role="region" aria-busy={journey.loading}>
        {journey.loading && !journey.data ? (
          <Loading label="Loading the journey…" />
        ) : journey.data && entries.length === 0 ? (
          <EmptyState title="No journey yet">Events this customer sends (page views, purchases, support conversations) will appear here.</EmptyState>
        ) : journey.data && shown.length === 0 ? (
          <EmptyState title={`No ${filter === 'unmapped' ? 'unmapped' : stageLabel(filter as Stage).toLowerCase()} entries${journey.data.nextCursor ? ' loaded yet' : ''}`}>
            {journey.data.nextCursor ? 'Older entries may have some: load more below.' : 'Choose another stage or All.'}
          </EmptyState>
        ) : (
          groupByDay(shown).map((group) => (
            <div className="day" key={group.key}>
              <h3 className="day-label">{group.label}</h3>
              <ol className="entries">
                {group.entries.map((e) => (
                  <JourneyEntryItem key={e.id} entry={e} />
                ))}
              </ol>
            </div>
          ))
        )}
      </div>

      {journey.data?.nextCursor && (
        <div className="load-more">
          <ErrorMessage message={more.error} />
          <button type="button" className="btn" onClick={loadMore} disabled={more.busy}>
            {more.busy ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
