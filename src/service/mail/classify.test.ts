import { describe, expect, it } from 'vitest';
import { automatedReason, referencedIds, senderAddress, ticketNumberInSubject, workspaceSlugFromRecipient } from './classify.ts';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] });

describe('inbound mail rules', () => {
  it('recognises auto-replies, bulk mail and bounces, and lets a person through', () => {
    expect(automatedReason(headers({ 'auto-submitted': 'auto-replied' }), 'ana@example.com')).toMatch(/Auto-Submitted/);
    expect(automatedReason(headers({ 'auto-submitted': 'no' }), 'ana@example.com')).toBeNull();
    expect(automatedReason(headers({ precedence: 'bulk' }), 'news@example.com')).toMatch(/Precedence/);
    expect(automatedReason(headers({ 'x-auto-response-suppress': 'All' }), 'ana@example.com')).toMatch(/Suppress/);
    expect(automatedReason(headers({}), 'MAILER-DAEMON@mx.example.com')).toMatch(/automated sender/);
    expect(automatedReason(headers({}), 'noreply@shop.example')).toMatch(/automated sender/);
    expect(automatedReason(headers({}), 'ana@example.com', 'multipart/report; report-type=delivery-status')).toMatch(/report/);
    expect(automatedReason(headers({}), 'noreen@example.com')).toBeNull();
  });

  it('threads on In-Reply-To first, then References newest first', () => {
    expect(referencedIds('<c@x>', '<a@x> <b@x> <c@x>')).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(referencedIds(undefined, undefined)).toEqual([]);
    const many = Array.from({ length: 70_000 }, (_, i) => `<${i}@x>`);
    expect(referencedIds(undefined, many.join(' '))).toEqual(many.slice(-100).reverse());
  });

  it('takes a sender address replies can go to, and nothing else', () => {
    expect(senderAddress('Rui.Alves+shop@Example.TEST')).toBe('rui.alves+shop@example.test');
    expect(senderAddress('info@münchen.example')).toBe('info@münchen.example');
    expect(senderAddress("o'brien@example.ie")).toBe("o'brien@example.ie");
    for (const garbled of [undefined, '', 'script', '"><script>"@x>', '<b>@example.test', 'a b@example.test', '@example.test', 'ana@', 'ana@exa mple.test', `${'a'.repeat(250)}@example.test`]) {
      expect(senderAddress(garbled)).toBeNull();
    }
  });

  it('reads the ticket token and the workspace from the address', () => {
    expect(ticketNumberInSubject('Re: Late order [#1042]')).toBe(1042);
    expect(ticketNumberInSubject('Order #1042')).toBeNull();
    expect(workspaceSlugFromRecipient('support+cafe@help.example')).toBe('cafe');
    expect(workspaceSlugFromRecipient('demo@help.example')).toBe('demo');
  });
});
