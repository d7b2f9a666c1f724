import { useId, useState } from 'react';
import { Link } from 'wouter';
import { formatDateTime, formatTime } from '../format';
import type { JourneyEntry } from '../types';
import { KeyValueTable } from './KeyValueTable';
import { SentimentBadge, sentimentOfDetails } from './SentimentBadge';
import { StageBadge, stageClass } from './StageBadge';

/** Kinds a touchpoint rule can map; other kinds (identify, alias, group…) are profile changes. */
const MAPPABLE = new Set(['track', 'page', 'screen']);

const KIND_LABELS: Record<string, string> = {
  identify: 'Profile identified',
  alias: 'Identity linked',
  group: 'Joined a group',
  page: 'Page view',
  screen: 'Screen view',
  track: 'Event',
};

export function entryTitle(e: JourneyEntry): string {
  return e.touchpoint ?? e.name ?? KIND_LABELS[e.kind] ?? e.kind;
}

export function isUnmapped(e: JourneyEntry): boolean {
  return !e.touchpointId && MAPPABLE.has(e.kind);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function JourneyEntryItem({ entry }: { entry: JourneyEntry }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const count = Object.keys(entry.details).length;
  // Entries other domains record on a touchpoint (tickets, messages) read like mapped events.
  const mappable = MAPPABLE.has(entry.kind) || Boolean(entry.touchpointId);

  return (
    <li className={`entry ${stageClass(entry.stage)}${mappable ? '' : ' entry-profile'}`}>
      <time className="entry-time" dateTime={entry.at} title={formatDateTime(entry.at)}>
        {formatTime(entry.at)}
      </time>
      <span className="entry-dot" aria-hidden="true" />
      <div className="entry-body">
        <div className="entry-head">
          <span className="entry-title">{entryTitle(entry)}</span>
          {mappable ? <StageBadge stage={entry.stage} /> : <span className="badge neutral">{capitalise(entry.kind)}</span>}
          {entry.channel && <span className="entry-channel">{capitalise(entry.channel)}</span>}
          <SentimentBadge sentiment={sentimentOfDetails(entry.details)} />
        </div>
        <div className="entry-meta">
          <span className="mono">{entry.kind}</span>
          {entry.touchpoint && entry.name && (
            <>
              <span aria-hidden="true">·</span>
              <span className="entry-raw">{entry.name}</span>
            </>
          )}
          {entry.source && entry.source !== 'segment' && (
            <>
              <span aria-hidden="true">·</span>
              <span>via {entry.source}</span>
            </>
          )}
          {!entry.touchpointId && mappable && (
            <>
              <span aria-hidden="true">·</span>
              <Link href="/touchpoints">Map it</Link>
            </>
          )}
          {count > 0 && (
            <>
              <span aria-hidden="true">·</span>
              <button type="button" className="link-button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
                {open ? 'Hide details' : `Details (${count})`}
              </button>
            </>
          )}
        </div>
        {open && (
          <div id={detailsId} className="entry-details">
            <KeyValueTable values={entry.details} label={`Details of ${entryTitle(entry)}`} />
          </div>
        )}
      </div>
    </li>
  );
}
