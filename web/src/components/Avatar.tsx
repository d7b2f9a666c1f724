import { initials } from '../format';

/** Initials on a colour derived from the id: the same person always looks the same. */
export function Avatar({ id, text, anonymous = false, size = 'medium' }: { id: string; text: string; anonymous?: boolean; size?: 'small' | 'medium' | 'large' }) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span className={`avatar ${size}${anonymous ? ' anonymous' : ''}`} style={anonymous ? undefined : { ['--hue' as string]: String(hash % 360) }} aria-hidden="true">
      {anonymous ? '?' : initials(text)}
    </span>
  );
}
