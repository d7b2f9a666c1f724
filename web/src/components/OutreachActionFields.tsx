import { useId } from 'react';
import { ACTION_LABELS, type OutreachAction, type Segment } from '../outreach';
import { PRIORITY_LABELS } from '../tickets';
import type { Team, TicketPriority } from '../types';
import { LabelOptions, NamedOptions } from './LabelOptions';

/** An action as typed; every type's fields kept when switching. */
export interface ActionDraft {
  type: OutreachAction['type'];
  subject: string;
  body: string;
  teamId: string;
  priority: TicketPriority;
  segmentId: string;
  reviewInvitation: boolean;
}

export const NEW_ACTION: ActionDraft = {
  type: 'ticket',
  subject: '',
  body: 'Hi {name},\n\nWe noticed: {reason}. We are on it; simply reply to this email if anything else is wrong.',
  teamId: '',
  priority: 'normal',
  segmentId: '',
  reviewInvitation: false,
};

export function actionOf(d: ActionDraft): OutreachAction {
  switch (d.type) {
    case 'message':
      return { type: d.type, subject: d.subject.trim(), body: d.body.trim(), reviewInvitation: d.reviewInvitation };
    case 'ticket':
      return { type: d.type, teamId: d.teamId || null, priority: d.priority, subject: d.subject.trim() };
    case 'segment':
      return { type: d.type, segmentId: d.segmentId };
  }
}

/** What a rule does: its type, then that type's own fields (a team or a segment picked from the workspace's). */
export function OutreachActionFields({ value, onChange, teams, segments }: { value: ActionDraft; onChange: (next: ActionDraft) => void; teams: Team[]; segments: Segment[] }) {
  const id = useId();
  const set = (patch: Partial<ActionDraft>) => onChange({ ...value, ...patch });
  return (
    <>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-type`}>Then</label>
          <select id={`${id}-type`} value={value.type} onChange={(e) => set({ type: e.target.value as ActionDraft['type'] })}>
            <LabelOptions labels={ACTION_LABELS} />
          </select>
        </div>
        {value.type !== 'segment' && (
          <div className="field grow">
            <label htmlFor={`${id}-subject`}>Subject</label>
            <input id={`${id}-subject`} required maxLength={300} value={value.subject} onChange={(e) => set({ subject: e.target.value })} />
          </div>
        )}
        {value.type === 'ticket' && (
          <>
            <div className="field">
              <label htmlFor={`${id}-team`}>Team</label>
              <select id={`${id}-team`} value={value.teamId} onChange={(e) => set({ teamId: e.target.value })}>
                <NamedOptions items={teams} none="No team" />
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-priority`}>Priority</label>
              <select id={`${id}-priority`} value={value.priority} onChange={(e) => set({ priority: e.target.value as TicketPriority })}>
                <LabelOptions labels={PRIORITY_LABELS} />
              </select>
            </div>
          </>
        )}
        {value.type === 'segment' && (
          <div className="field grow">
            <label htmlFor={`${id}-segment`}>Segment</label>
            <select id={`${id}-segment`} required value={value.segmentId} onChange={(e) => set({ segmentId: e.target.value })}>
              <NamedOptions items={segments} none={segments.length ? 'Choose a segment' : 'Create a segment first'} />
            </select>
          </div>
        )}
      </div>
      {value.type === 'message' && (
        <div className="field">
          <label htmlFor={`${id}-body`}>
            Message <span className="optional">{'{name}'} is the first name, {'{reason}'} why the rule matched</span>
          </label>
          <textarea id={`${id}-body`} required rows={4} maxLength={20_000} value={value.body} onChange={(e) => set({ body: e.target.value })} />
          <label className="check">
            <input type="checkbox" checked={value.reviewInvitation} onChange={(e) => set({ reviewInvitation: e.target.checked })} /> This invites them to review us online (sent to everyone a trigger matches, never only to those who scored well)
          </label>
        </div>
      )}
    </>
  );
}
