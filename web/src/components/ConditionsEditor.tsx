import { AUTHOR_LABELS, CONDITION_LABELS, nameLabels, newCondition, OP_LABELS, opsOf, type Names } from '../rules';
import { CHANNEL_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '../tickets';
import type { Condition, ConditionField } from '../types';
import { LabelOptions } from './LabelOptions';

/** When an automation applies: every row must hold (no rows: always). */
export function ConditionsEditor({ conditions, onChange, names }: { conditions: Condition[]; onChange: (conditions: Condition[]) => void; names: Names }) {
  const fields = (Object.keys(CONDITION_LABELS) as ConditionField[]).filter((f) => f !== 'team' || names.teams);
  const fieldLabels = Object.fromEntries(fields.map((f) => [f, CONDITION_LABELS[f]]));
  const set = (i: number, condition: Condition) => onChange(conditions.map((c, j) => (j === i ? condition : c)));

  return (
    <fieldset className="rows-field">
      <legend>Conditions</legend>
      {conditions.length === 0 ? (
        <p className="hint">None: it runs on every such event.</p>
      ) : (
        <ol className="rule-rows">
          {conditions.map((c, i) => (
            <li key={i} className="rule-row">
              <span className="row-joiner">{i === 0 ? 'If' : 'and'}</span>
              <select aria-label={`Condition ${i + 1}`} value={c.field} onChange={(e) => set(i, newCondition(e.target.value as ConditionField))}>
                <LabelOptions labels={fieldLabels} />
              </select>
              <select aria-label={`Operator of condition ${i + 1}`} value={c.op} onChange={(e) => set(i, { ...c, op: e.target.value } as Condition)}>
                <LabelOptions labels={Object.fromEntries(opsOf(c.field).map((op) => [op, OP_LABELS[op]]))} />
              </select>
              <ConditionValue condition={c} names={names} label={`Value of condition ${i + 1}`} onChange={(value) => set(i, { ...c, value } as Condition)} />
              <button type="button" className="rule-remove" aria-label={`Remove condition ${i + 1}`} title="Remove" onClick={() => onChange(conditions.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="link-button" onClick={() => onChange([...conditions, newCondition('message')])}>
        + Add a condition
      </button>
    </fieldset>
  );
}

/** Fields with a fixed set of values, as select labels. */
function choicesOf(field: ConditionField, names: Names): Record<string, string> | null {
  switch (field) {
    case 'status':
      return STATUS_LABELS;
    case 'priority':
      return PRIORITY_LABELS;
    case 'channel':
      return CHANNEL_LABELS;
    case 'author':
      return AUTHOR_LABELS;
    case 'team':
      return { '': 'No team', ...nameLabels(names).teams };
    case 'assignee':
      return { '': 'Nobody', ...nameLabels(names).members };
    default:
      return null;
  }
}

function ConditionValue({ condition: c, names, label, onChange }: { condition: Condition; names: Names; label: string; onChange: (value: string | null) => void }) {
  const choices = choicesOf(c.field, names);
  if (choices) {
    return (
      <select aria-label={label} value={c.value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <LabelOptions labels={choices} />
      </select>
    );
  }
  return (
    <input
      aria-label={label}
      className="grow"
      maxLength={c.field === 'customerEmail' ? 320 : 500}
      value={c.value ?? ''}
      placeholder={c.field === 'tag' ? 'vip' : c.field === 'customerEmail' ? '@example.com' : 'refund'}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
