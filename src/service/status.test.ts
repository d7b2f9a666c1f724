import { describe, expect, it } from 'vitest';
import { canMove, statusAfterMessage } from './status.ts';

describe('ticket status rules', () => {
  it('allows the usual moves and refuses leaving closed', () => {
    expect(canMove('new', 'open')).toBe(true);
    expect(canMove('pending', 'solved')).toBe(true);
    expect(canMove('solved', 'open')).toBe(true);
    expect(canMove('solved', 'closed')).toBe(true);
    expect(canMove('open', 'closed')).toBe(false);
    expect(canMove('closed', 'open')).toBe(false);
    expect(canMove('new', 'new')).toBe(true);
  });

  it('reopens on a customer message, opens on the first public agent reply, leaves notes alone', () => {
    expect(statusAfterMessage('pending', 'customer', true)).toBe('open');
    expect(statusAfterMessage('solved', 'customer', true)).toBe('open');
    expect(statusAfterMessage('closed', 'customer', true)).toBe('closed');
    expect(statusAfterMessage('new', 'agent', true)).toBe('open');
    expect(statusAfterMessage('new', 'agent', false)).toBe('new');
    expect(statusAfterMessage('pending', 'agent', true)).toBe('pending');
  });
});
