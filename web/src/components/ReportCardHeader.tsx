import { LabelOptions } from './LabelOptions';
import { Icon } from './Icon';

/** A report card's header: its title, a group-by choice and the CSV download of what is shown. */
export function ReportCardHeader<G extends string>(props: { id: string; title: string; groupBy: G; labels: Record<G, string>; onGroupBy: (g: G) => void; csvHref: string }) {
  return (
    <div className="card-header">
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <span className="field-inline">
        <label htmlFor={`${props.id}-group`}>Group by</label>
        <select id={`${props.id}-group`} value={props.groupBy} onChange={(e) => props.onGroupBy(e.target.value as G)}>
          <LabelOptions labels={props.labels} />
        </select>
      </span>
      <a className="btn small" href={props.csvHref} download>
        <Icon name="download" size={14} /> Download CSV
      </a>
    </div>
  );
}
