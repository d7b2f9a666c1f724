import { useId } from 'react';
import { TRIGGER_LABELS, type AnswerKind, type OutreachTrigger } from '../outreach';
import { LabelOptions } from './LabelOptions';

/** A trigger as typed: chances in percent, as people say them; every kind's fields kept when switching. */
export interface TriggerDraft {
  kind: OutreachTrigger['kind'];
  pAliveBelowPercent: string;
  minClv: string;
  minProbabilityPercent: string;
  event: string;
  answerKind: AnswerKind;
  answerMin: string;
  answerMax: string;
}

export const NEW_TRIGGER: TriggerDraft = { kind: 'event', pAliveBelowPercent: '30', minClv: '0', minProbabilityPercent: '40', event: '', answerKind: 'nps', answerMin: '9', answerMax: '' };

const ANSWER_KINDS: Record<AnswerKind, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', rating: 'Rating' };

/** The API's trigger; out-of-range numbers are left for its 400 to name. */
export function triggerOf(d: TriggerDraft): OutreachTrigger {
  switch (d.kind) {
    case 'slipping_away':
      return { kind: d.kind, pAliveBelow: Number(d.pAliveBelowPercent) / 100, minClv: Number(d.minClv || 0) };
    case 'need_help':
      return { kind: d.kind, minProbability: Number(d.minProbabilityPercent) / 100 };
    case 'event':
      return { kind: d.kind, event: d.event.trim() };
    case 'answer':
      return { kind: d.kind, condition: { kind: d.answerKind, ...(d.answerMin ? { min: Number(d.answerMin) } : {}), ...(d.answerMax ? { max: Number(d.answerMax) } : {}) } };
  }
}

/** What starts a rule: its kind, then that kind's own fields. */
export function OutreachTriggerFields({ value, onChange }: { value: TriggerDraft; onChange: (next: TriggerDraft) => void }) {
  const id = useId();
  const set = (patch: Partial<TriggerDraft>) => onChange({ ...value, ...patch });
  return (
    <div className="form-row">
      <div className="field">
        <label htmlFor={`${id}-kind`}>When</label>
        <select id={`${id}-kind`} value={value.kind} onChange={(e) => set({ kind: e.target.value as TriggerDraft['kind'] })}>
          <LabelOptions labels={TRIGGER_LABELS} />
        </select>
      </div>
      {value.kind === 'event' && (
        <div className="field grow">
          <label htmlFor={`${id}-event`}>Event</label>
          <input id={`${id}-event`} required maxLength={200} placeholder="e.g. Delivery Delayed" value={value.event} onChange={(e) => set({ event: e.target.value })} />
        </div>
      )}
      {value.kind === 'slipping_away' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-palive`}>P(alive) under (%)</label>
            <input id={`${id}-palive`} type="number" required min={1} max={99} value={value.pAliveBelowPercent} onChange={(e) => set({ pAliveBelowPercent: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-clv`}>CLV at least</label>
            <input id={`${id}-clv`} type="number" min={0} step="any" value={value.minClv} onChange={(e) => set({ minClv: e.target.value })} />
          </div>
        </>
      )}
      {value.kind === 'answer' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-answer-kind`}>Score</label>
            <select id={`${id}-answer-kind`} value={value.answerKind} onChange={(e) => set({ answerKind: e.target.value as AnswerKind })}>
              <LabelOptions labels={ANSWER_KINDS} />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-answer-min`}>From</label>
            <input id={`${id}-answer-min`} type="number" min={0} max={10} value={value.answerMin} onChange={(e) => set({ answerMin: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-answer-max`}>To</label>
            <input id={`${id}-answer-max`} type="number" min={0} max={10} value={value.answerMax} onChange={(e) => set({ answerMax: e.target.value })} />
          </div>
        </>
      )}
      {value.kind === 'need_help' && (
        <div className="field">
          <label htmlFor={`${id}-chance`}>Chance at least (%)</label>
          <input id={`${id}-chance`} type="number" required min={1} max={99} value={value.minProbabilityPercent} onChange={(e) => set({ minProbabilityPercent: e.target.value })} />
        </div>
      )}
    </div>
  );
}
