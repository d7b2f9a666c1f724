import { useId, useState, type KeyboardEvent } from 'react';

/** Tags as chips: type and press Enter (or a comma) to add one, × to remove one. Saved by the caller. */
export function TagsEditor({ tags, onChange, disabled = false }: { tags: string[]; onChange: (tags: string[]) => void; disabled?: boolean }) {
  const id = useId();
  const [text, setText] = useState('');

  function add() {
    const added = text
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t && !tags.includes(t));
    setText('');
    if (added.length > 0) onChange([...tags, ...new Set(added)]);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    }
  }

  return (
    <div className={`tags-editor${disabled ? ' disabled' : ''}`} onClick={(e) => (e.currentTarget.querySelector('input') as HTMLInputElement | null)?.focus()}>
      <ul className="tags-list" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="tag tag-removable">
            {tag}
            {!disabled && (
              <button type="button" className="tag-remove" aria-label={`Remove tag ${tag}`} title="Remove" onClick={() => onChange(tags.filter((t) => t !== tag))}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && (
        <>
          <label htmlFor={`${id}-tag`} className="sr-only">
            Add a tag
          </label>
          <input
            id={`${id}-tag`}
            className="tags-input"
            value={text}
            maxLength={100}
            placeholder={tags.length ? 'Add…' : 'Add a tag…'}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => text.trim() && add()}
          />
        </>
      )}
    </div>
  );
}
