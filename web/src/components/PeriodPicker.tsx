import { useId } from 'react';
import { dayKey } from '../format';
import { lastDays, PRESETS, type Period } from '../reports';

/** The local day before an instant: the last day of a period that ends at its midnight. */
const lastDayOf = (to: string) => dayKey(new Date(new Date(to).getTime() - 1).toISOString());

/** From local midnight of `fromDay` to the midnight after `toDay`. */
function customPeriod(fromDay: string, toDay: string): Period {
  const to = new Date(`${toDay}T00:00`);
  to.setDate(to.getDate() + 1);
  return { preset: 'custom', from: new Date(`${fromDay}T00:00`).toISOString(), to: to.toISOString() };
}

/** The last 7, 30 or 90 days, or dates of one's choosing (both days included). */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (period: Period) => void }) {
  const id = useId();
  const fromDay = dayKey(value.from);
  const toDay = lastDayOf(value.to);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-preset`}>Period</label>
        <select
          id={`${id}-preset`}
          value={value.preset}
          onChange={(e) => onChange(e.target.value === 'custom' ? customPeriod(fromDay, toDay) : lastDays(Number(e.target.value)))}
        >
          {PRESETS.map((days) => (
            <option key={days} value={days}>
              Last {days} days
            </option>
          ))}
          <option value="custom">Custom dates</option>
        </select>
      </div>
      {value.preset === 'custom' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input id={`${id}-from`} type="date" required max={toDay} value={fromDay} onChange={(e) => e.target.value && onChange(customPeriod(e.target.value, toDay))} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input id={`${id}-to`} type="date" required min={fromDay} value={toDay} onChange={(e) => e.target.value && onChange(customPeriod(fromDay, e.target.value))} />
          </div>
        </>
      )}
    </>
  );
}
