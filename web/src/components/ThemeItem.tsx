import { plural } from '../format';
import { seriesBars, sentimentTone, trendLabel, type Theme } from '../insights';
import { BarChart } from './BarChart';
import { SpikeBadge } from './SpikeBadge';

/** One recurring issue: its name, how often and how it moves, how customers feel, and what they said (as text). */
export function ThemeItem({ theme: t, periodDays }: { theme: Theme; periodDays: number }) {
  return (
    <li className="theme-item">
      <div className="theme-head">
        <h3>{t.name}</h3>
        <SpikeBadge spike={t.spike} />
        <span className={`score-chip ${sentimentTone(t.meanSentiment)}`} title="Mean sentiment of its texts, from −1 to 1">
          {t.meanSentiment.toFixed(2)}
        </span>
      </div>
      <p className="theme-figures">
        <strong>{plural(t.volume, 'text')}</strong> · {trendLabel(t)} ({t.previousVolume} in the {periodDays} days before) · {plural(t.customers.count, 'customer')}
        {t.touchpoints.length > 0 && <> · {t.touchpoints.map((x) => `${x.name} (${x.count})`).join(', ')}</>}
      </p>
      <div className="theme-chart">
        <BarChart bars={seriesBars(t.series)} format={(v) => String(v)} label={`Texts per ${t.series.bucket} about ${t.name}`} />
      </div>
      <ul className="theme-quotes" aria-label={`What customers said about ${t.name}`}>
        {t.quotes.map((q) => (
          <li key={`${q.type}:${q.id}`}>
            <blockquote>{q.text}</blockquote>
          </li>
        ))}
      </ul>
      {t.terms.length > 2 && <p className="muted theme-terms">Also: {t.terms.slice(2).join(', ')}</p>}
    </li>
  );
}
