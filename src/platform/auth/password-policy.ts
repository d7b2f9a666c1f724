import fs from 'node:fs';

// How strong a password must be when it is chosen (a new account, a change):
// long enough, not one piece repeated or a run of the alphabet, not a common
// password with a few digits or symbols around it, not the account's own email.
// Passwords already set are not judged again: login only compares.

export const MIN_PASSWORD_LENGTH = 12;

/** Fewer different characters than this is too little variety, however long. */
const MIN_DISTINCT = 5;

let common: Set<string> | undefined;

/**
 * John the Ripper's password.lst (3,546 passwords most often seen, compiled by
 * Solar Designer, public domain: see common-passwords.md), lower-cased.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#!comment:'))
      .map((line) => line.toLowerCase()),
  );
  return common;
}

/** Every character one after the other in code order, up or down ("abcdef…", "98765…"); digits wrap ("7890123…"). */
function isRun(text: string): boolean {
  const step = (a: string, b: string) => {
    if (/\d/.test(a) && /\d/.test(b)) return (((Number(b) - Number(a)) % 10) + 10) % 10 === 1 ? 1 : (((Number(a) - Number(b)) % 10) + 10) % 10 === 1 ? -1 : 0;
    return b.charCodeAt(0) - a.charCodeAt(0);
  };
  const first = step(text[0]!, text[1]!);
  if (first !== 1 && first !== -1) return false;
  for (let i = 1; i < text.length - 1; i++) if (step(text[i]!, text[i + 1]!) !== first) return false;
  return true;
}

/**
 * Why this password is too weak (a phrase to put after the field's name), or null
 * when it will do. `email`: the account's, which the password must not be.
 */
export function passwordWeakness(password: string, context: { email?: string } = {}): string | null {
  // Compared as it is hashed (see secrets.ts), so look-alike forms count as one.
  const chars = [...password.normalize('NFKC')];
  const lower = chars.join('').toLowerCase();
  if (chars.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (/^(.+?)\1+$/su.test(lower)) return 'is one character or a short piece repeated';
  if (new Set(chars).size < MIN_DISTINCT) return `needs at least ${MIN_DISTINCT} different characters`;
  if (isRun(lower)) return 'is a run of consecutive letters or digits';
  const email = context.email?.trim().toLowerCase();
  // The core of "Password2024!" or "!!dragon99": what is left without digits and symbols at either end.
  const core = lower.replace(/^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu, '');
  if (email && (lower === email || core === email.split('@')[0])) return 'must not be your email address';
  if (commonPasswords().has(lower)) return 'is a common password';
  if (core && commonPasswords().has(core)) return 'is a common password with digits or symbols added';
  return null;
}
