/** The <option>s of a select, one per value of a labels record, in its order. */
export function LabelOptions({ labels }: { labels: Record<string, string> }) {
  return (
    <>
      {Object.entries(labels).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </>
  );
}

/** The <option>s of a select among named records (teams, segments, touchpoints), after a first one for "none" (value ""). */
export function NamedOptions({ items, none }: { items: { id: string; name: string }[]; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}
