import { useId } from 'react';
import type { CallDetails, CallDirection, CallOutcome } from '../types';

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  resolved: 'Resolved on the call',
  'follow-up': 'Needs follow-up',
  'callback-requested': 'Call-back requested',
  voicemail: 'Left a voicemail',
  'no-answer': 'No answer',
  transferred: 'Transferred',
};

export const emptyCall = (direction: CallDirection = 'inbound'): CallDetails => ({ direction, durationSeconds: 0, outcome: 'resolved' });

/** "Inbound call · 4 min · Needs follow-up": how a logged call reads in the conversation. */
export function callSummary(call: CallDetails): string {
  const minutes = Math.round(call.durationSeconds / 60);
  const length = call.durationSeconds < 60 ? `${call.durationSeconds} s` : `${minutes} min`;
  return `${call.direction === 'inbound' ? 'Inbound' : 'Outbound'} call · ${length} · ${CALL_OUTCOME_LABELS[call.outcome]}`;
}

/** Direction, length and outcome of a phone call; the notes are the message body. */
export function CallFields({ value, onChange }: { value: CallDetails; onChange: (call: CallDetails) => void }) {
  const id = useId();
  const minutes = Math.floor(value.durationSeconds / 60);
  const seconds = value.durationSeconds % 60;
  const setDuration = (m: number, s: number) => onChange({ ...value, durationSeconds: Math.max(0, Math.min(86_400, (m || 0) * 60 + (s || 0))) });
  return (
    <div className="form-row call-fields">
      <div className="field">
        <label htmlFor={`${id}-direction`}>Direction</label>
        <select id={`${id}-direction`} value={value.direction} onChange={(e) => onChange({ ...value, direction: e.target.value as CallDirection })}>
          <option value="inbound">Customer called</option>
          <option value="outbound">We called</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-minutes`}>Length</label>
        <span className="duration-input">
          <input id={`${id}-minutes`} type="number" min={0} max={1440} value={minutes} onChange={(e) => setDuration(Number(e.target.value), seconds)} aria-label="Minutes" /> min
          <input type="number" min={0} max={59} value={seconds} onChange={(e) => setDuration(minutes, Number(e.target.value))} aria-label="Seconds" /> s
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select id={`${id}-outcome`} value={value.outcome} onChange={(e) => onChange({ ...value, outcome: e.target.value as CallOutcome })}>
          {(Object.keys(CALL_OUTCOME_LABELS) as CallOutcome[]).map((o) => (
            <option key={o} value={o}>
              {CALL_OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
