/**
 * What to do with texts nobody should have to think about: empty cells and
 * pasted novels. Both get a result (never an exception) and a flag saying why
 * the result is what it is.
 */

/** Longer texts are cut here: support messages past this are quoted threads or logs, and cost grows with length. */
export const MAX_TEXT_CHARS = 5000;

export type TextFlag = 'empty' | 'truncated' | 'unrecognised';

export interface PreparedText {
  text: string;
  flags: TextFlag[];
}

export function prepareText(raw: string | null | undefined, maxChars = MAX_TEXT_CHARS): PreparedText {
  const text = raw ?? '';
  if (text.trim() === '') return { text: '', flags: ['empty'] };
  if (text.length > maxChars) {
    // Do not cut a surrogate pair in half.
    let end = maxChars;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    return { text: text.slice(0, end), flags: ['truncated'] };
  }
  return { text, flags: [] };
}
