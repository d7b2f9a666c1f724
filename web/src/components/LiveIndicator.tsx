import { useLiveState } from '../live';

const TEXT = {
  connected: { label: 'Live', title: 'Connected: new tickets and changes appear as they happen' },
  connecting: { label: 'Connecting…', title: 'Connecting to live updates' },
  disconnected: { label: 'Offline', title: 'Live updates are disconnected; retrying. Lists refresh when they reconnect.' },
};

/** A small dot and word: whether this view updates by itself. */
export function LiveIndicator() {
  const state = useLiveState();
  return (
    <span className={`live live-${state}`} title={TEXT[state].title} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {TEXT[state].label}
    </span>
  );
}
