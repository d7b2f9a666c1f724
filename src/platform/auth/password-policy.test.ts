import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password-policy.ts';

describe('password strength', () => {
  it('refuses short, repetitive, sequential and common passwords, and the account’s email', () => {
    const cases: [string, RegExp][] = [
      ['', /at least 12/],
      ['elevenchars', /at least 12/],
      ['aaaaaaaaaaaaaaaa', /repeated/],
      ['abcabcabcabcabc', /repeated/],
      ['passwordpassword', /repeated/],
      ['aaaaaaabbbbbbbbcc', /different characters/],
      ['abcdefghijklmnop', /run/],
      ['123456789012', /run/],
      ['ZYXWVUTSRQPONM', /run/],
      ['winniethepooh', /common password$/],
      ['password1234', /common password with/],
      ['Password2024!', /common password with/],
      ['!!Dragon99999', /common password with/],
      ['someone.else2024!', /email/],
    ];
    for (const [password, why] of cases) expect(passwordWeakness(password, { email: 'someone.else@example.test' }) ?? 'accepted', password).toMatch(why);
    expect(passwordWeakness('someone@example.test', { email: 'someone@example.test' })).toMatch(/email/);
  });

  it('accepts long, varied passwords and passphrases', () => {
    for (const password of ['correct horse battery', 'a long password', 'tangerine orbit 47', 'bench-password-2024', 'Zq8#mv2!Lp0x', '日本語のパスフレーズです']) {
      expect(passwordWeakness(password, { email: 'someone@example.test' }), password).toBeNull();
    }
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordWeakness('🔑🔒🗝🔓🛡🔐')).toMatch(/at least 12/);
  });
});
