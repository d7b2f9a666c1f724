import { useId, useState } from 'react';
import { useFormSubmit } from '../useFormSubmit';
import { automationSentence, isIncomplete, TRIGGER_LABELS, type Names } from '../rules';
import type { Action, Automation, Condition, Trigger } from '../types';
import { ActionsEditor } from './ActionsEditor';
import { ConditionsEditor } from './ConditionsEditor';
import { ErrorMessage } from './Feedback';
import { LabelOptions } from './LabelOptions';

export type AutomationFields = Pick<Automation, 'name' | 'trigger' | 'conditions' | 'actions' | 'position'>;

/** Create or edit an automation: on which event, under which conditions, doing what, in which order. */
export function AutomationForm({
  initial,
  position,
  submitLabel,
  names,
  onSubmit,
  onCancel,
}: {
  initial?: Automation;
  /** Where a new automation goes in the run order. */
  position: number;
  submitLabel: string;
  names: Names;
  onSubmit: (fields: AutomationFields) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [trigger, setTrigger] = useState<Trigger>(initial?.trigger ?? 'ticket.created');
  const [order, setOrder] = useState(initial?.position ?? position);
  const [conditions, setConditions] = useState<Condition[]>(initial?.conditions ?? []);
  const [actions, setActions] = useState<Action[]>(initial?.actions ?? []);
  const { submit, busy, error } = useFormSubmit(
    () => onSubmit({ name: name.trim(), trigger, conditions, actions, position: order }),
    () => ([...conditions, ...actions].some(isIncomplete) ? 'Every condition and action needs a value: fill it in, or remove the row.' : !actions.length ? 'Add at least one action.' : null),
  );

  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="form-row">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Refund requests to billing" autoFocus />
        </div>
        <div className="field">
          <label htmlFor={`${id}-trigger`}>When</label>
          <select id={`${id}-trigger`} value={trigger} onChange={(e) => setTrigger(e.target.value as Trigger)}>
            <LabelOptions labels={TRIGGER_LABELS} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-position`}>Order</label>
          <input id={`${id}-position`} className="order-input" type="number" min={0} max={10_000} required value={order} onChange={(e) => setOrder(Math.max(0, Math.trunc(Number(e.target.value))))} />
        </div>
      </div>
      <p className="hint">Automations run in ascending order, each seeing the ticket as the previous one left it. They react to customers, agents and API keys, never to other automations.</p>
      <ConditionsEditor conditions={conditions} onChange={setConditions} names={names} />
      <ActionsEditor actions={actions} onChange={setActions} names={names} withReply />
      <p className="rule-sentence">{automationSentence({ trigger, conditions }, names)}…</p>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary small" disabled={busy || !name.trim()}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
