import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenSigner } from './signed-tokens.ts';

const signer = tokenSigner(crypto.randomBytes(32));
const inAnHour = new Date(Date.now() + 3_600_000);

describe('signed link tokens', () => {
  it('a token verifies for its purpose and gives back its payload', () => {
    const token = signer.sign('survey-answer', { s: 'abc' }, inAnHour);
    expect(signer.verify('survey-answer', token)).toMatchObject({ ok: true, payload: { s: 'abc' } });
  });

  it('refuses an altered payload, another purpose, another key, an expired token and garbage', () => {
    const token = signer.sign('survey-answer', { s: 'abc' }, inAnHour);
    const [body, sig] = token.split('.');
    const altered = `${Buffer.from(JSON.stringify({ s: 'abd', exp: 9_999_999_999 })).toString('base64url')}.${sig}`;
    expect(signer.verify('survey-answer', altered)).toEqual({ ok: false, reason: 'forged' });
    expect(signer.verify('survey-response', token)).toEqual({ ok: false, reason: 'forged' });
    expect(tokenSigner(crypto.randomBytes(32)).verify('survey-answer', token)).toEqual({ ok: false, reason: 'forged' });
    expect(signer.verify('survey-answer', signer.sign('survey-answer', { s: 'abc' }, new Date(Date.now() - 1000)))).toEqual({ ok: false, reason: 'expired' });
    expect(signer.verify('survey-answer', token, new Date(inAnHour.getTime() + 1000))).toEqual({ ok: false, reason: 'expired' });
    for (const junk of ['', 'abc', `${body}.`, `${body}.${sig}.x`, 'a b.c']) expect(signer.verify('survey-answer', junk).ok).toBe(false);
  });
});
