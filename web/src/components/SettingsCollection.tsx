import { Fragment, useState, type ReactNode } from 'react';
import type { AsyncState } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { Icon } from './Icon';
import { PageHeader } from './PageHeader';
import { SettingsTabs } from './SettingsTabs';

/**
 * A settings page that lists things and lets admins add one: macros, automations.
 * The page supplies the list, the form and the item; this keeps the frame the same.
 */
export function SettingsCollection<T extends { id: string; updatedAt: string }>(props: {
  noun: string;
  items: AsyncState<T[]>;
  canCreate: boolean;
  listTitle: string;
  listHint: string;
  empty: { title: string; body: string };
  ordered?: boolean;
  renderForm: (done: () => void, cancel: () => void) => ReactNode;
  /** Renders the item's own <li>. */
  renderItem: (item: T) => ReactNode;
}) {
  const { noun, items } = props;
  const [creating, setCreating] = useState(false);
  const slug = noun.toLowerCase().replace(/\s+/g, '-');
  const List = props.ordered ? 'ol' : 'ul';
  return (
    <div className="page narrow">
      <PageHeader
        title="Settings"
        actions={
          props.canCreate && !creating ? (
            <button type="button" className="btn primary" onClick={() => setCreating(true)}>
              <Icon name="plus" size={14} /> New {noun}
            </button>
          ) : null
        }
      />
      <SettingsTabs />

      {creating && (
        <section className="card" aria-labelledby={`new-${slug}-title`}>
          <div className="card-header">
            <h2 id={`new-${slug}-title`}>New {noun}</h2>
          </div>
          {props.renderForm(
            () => {
              setCreating(false);
              items.reload();
            },
            () => setCreating(false),
          )}
        </section>
      )}

      <section className="card" aria-labelledby={`${slug}-list-title`}>
        <div className="card-header">
          <h2 id={`${slug}-list-title`}>{props.listTitle}</h2>
          <span className="muted small">{props.listHint}</span>
        </div>
        <ErrorMessage message={items.error} onRetry={items.reload} />
        {items.loading && !items.data ? (
          <Loading />
        ) : items.data && items.data.length === 0 ? (
          <EmptyState title={props.empty.title}>{props.empty.body}</EmptyState>
        ) : items.data ? (
          <List className="rule-list">
            {items.data.map((item) => (
              <Fragment key={`${item.id}:${item.updatedAt}`}>{props.renderItem(item)}</Fragment>
            ))}
          </List>
        ) : null}
      </section>
    </div>
  );
}
