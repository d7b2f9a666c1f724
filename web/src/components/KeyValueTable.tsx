import { formatValue } from '../format';

/** Properties or traits as a two-column table; values are text, never HTML. */
export function KeyValueTable({ values, label, empty = 'Nothing recorded.' }: { values: Record<string, unknown>; label: string; empty?: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <table className="kv" aria-label={label}>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>
              <span className={typeof value === 'object' && value !== null ? 'mono' : undefined}>{formatValue(value)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
