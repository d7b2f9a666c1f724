import { describe, expect, it } from 'vitest';
import { matches, planActions, renderTemplate, type TicketFacts } from './evaluate.ts';

const facts: TicketFacts = {
  status: 'new',
  priority: 'normal',
  channel: 'email',
  tags: ['delivery'],
  teamId: null,
  assigneeId: null,
  subject: 'Where is my ORDER?',
  customerEmail: 'ines@example.com',
  message: { body: 'I want a refund, the parcel never came', author: 'customer' },
};

describe('conditions', () => {
  it('all must hold; an empty list always matches', () => {
    expect(matches([], facts)).toBe(true);
    expect(matches([{ field: 'channel', op: 'is', value: 'email' }, { field: 'message', op: 'contains', value: 'REFUND' }], facts)).toBe(true);
    expect(matches([{ field: 'channel', op: 'is', value: 'email' }, { field: 'priority', op: 'is', value: 'urgent' }], facts)).toBe(false);
  });

  it('text is compared without case; is-not and not-contains negate', () => {
    expect(matches([{ field: 'subject', op: 'contains', value: 'order' }], facts)).toBe(true);
    expect(matches([{ field: 'subject', op: 'not-contains', value: 'order' }], facts)).toBe(false);
    expect(matches([{ field: 'customerEmail', op: 'is', value: 'INES@example.com' }], facts)).toBe(true);
    expect(matches([{ field: 'tag', op: 'is-not', value: 'vip' }], facts)).toBe(true);
    expect(matches([{ field: 'assignee', op: 'is', value: null }], facts)).toBe(true);
  });

  it('message and author conditions do not hold for an event without a message', () => {
    const noMessage = { ...facts, message: null };
    expect(matches([{ field: 'message', op: 'not-contains', value: 'x' }], noMessage)).toBe(false);
    expect(matches([{ field: 'author', op: 'is-not', value: 'agent' }], noMessage)).toBe(false);
  });
});

describe('actions', () => {
  it('plans a patch and replies; tags are added and removed against the current ones; the last action on a field wins', () => {
    const plan = planActions(
      [
        { type: 'set-priority', value: 'high' },
        { type: 'add-tags', value: ['Refund', 'vip'] },
        { type: 'remove-tags', value: ['delivery', 'vip'] },
        { type: 'set-priority', value: 'urgent' },
        { type: 'reply', value: 'We are on it', public: true },
      ],
      ['delivery'],
    );
    expect(plan.patch).toEqual({ priority: 'urgent', tags: ['refund'] });
    expect(plan.replies).toEqual([{ body: 'We are on it', public: true }]);
  });

  it('leaves tags alone when no tag action is given', () => {
    expect(planActions([{ type: 'assign', value: null }], ['a']).patch).toEqual({ assigneeId: null });
  });
});

describe('reply templates', () => {
  const values = { customer: { name: 'Inês Costa', email: 'ines@example.com' }, ticket: { number: 1042, subject: 'Broken grinder' }, agent: { name: 'Ana' } };

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(renderTemplate('Hi {{customer.first_name}}, about #{{ ticket.number }} ({{ticket.subject}}): {{agent.name}} {{customer.nmae}}', values)).toBe(
      'Hi Inês, about #1042 (Broken grinder): Ana {{customer.nmae}}',
    );
  });

  it('a customer without a name is greeted as "there"', () => {
    expect(renderTemplate('Hi {{customer.first_name}},', { ...values, customer: { name: null, email: null } })).toBe('Hi there,');
  });
});
