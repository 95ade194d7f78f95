import { ContractErrorCode } from './contract-error';
import { RESERVED_EVENT_TYPES } from './event-types';
import { ACTIVITY_EVENT_TYPES } from './activity-events.schema';
import { COMMERCE_EVENT_TYPES } from './commerce-events.schema';
import { FEEDBACK_EVENT_TYPES } from './feedback-events.schema';
import { SUPPORT_EVENT_TYPES } from './support-events.schema';
import { USAGE_EVENT_TYPES } from './usage-events.schema';
import {
  DEFAULT_TOPICS,
  DLQ_HEADERS,
  type TopicKey,
  deadLetterHeaders,
  topicForEventType,
  topicKeyForEventType,
} from './topics';

describe('topics', () => {
  it('has the default names', () => {
    expect(DEFAULT_TOPICS).toEqual({
      commerce: 'postventa.commerce.v1',
      usage: 'postventa.usage.v1',
      support: 'postventa.support.v1',
      feedback: 'postventa.feedback.v1',
      timers: 'postventa.timers.v1',
      commands: 'postventa.commands.v1',
      activity: 'postventa.activity.v1',
      deadLetter: 'postventa.dead-letter.v1',
    });
  });

  const groups: [TopicKey, readonly string[]][] = [
    ['commerce', COMMERCE_EVENT_TYPES],
    ['usage', USAGE_EVENT_TYPES],
    ['support', SUPPORT_EVENT_TYPES],
    ['feedback', FEEDBACK_EVENT_TYPES],
    ['activity', ACTIVITY_EVENT_TYPES],
    ['timers', ['timer.fired']],
  ];

  it.each(groups)('routes every %s type to its topic', (key, types) => {
    for (const type of types) expect([type, topicKeyForEventType(type)]).toEqual([type, key]);
  });

  it('routes every reserved type somewhere other than commands and dead letter', () => {
    for (const type of RESERVED_EVENT_TYPES) expect(['commands', 'deadLetter']).not.toContain(topicKeyForEventType(type));
  });

  it.each([
    ['order.partially_shipped', 'commerce'],
    ['product.reviewed', 'usage'],
    ['usage.quota_reached', 'usage'],
    ['account.upgraded', 'usage'],
    ['ticket.commented', 'support'],
    ['survey.skipped', 'feedback'],
    ['email.complained', 'commerce'],
    ['subscription.renewed', 'commerce'],
    ['com.acme.cart.abandoned', 'commerce'],
    ['constructor.x', 'commerce'],
  ] as const)('routes the unknown type %s to %s', (type, key) => {
    expect(topicKeyForEventType(type)).toBe(key);
  });

  it('resolves names through a topic map', () => {
    expect(topicForEventType('order.placed')).toBe('postventa.commerce.v1');
    expect(topicForEventType('ticket.opened', { ...DEFAULT_TOPICS, support: 'acme.support' })).toBe('acme.support');
  });

  it('builds dead-letter headers', () => {
    const headers = deadLetterHeaders(
      { code: ContractErrorCode.MissingSubject, message: 'subject is required', path: 'subject' },
      { topic: 'postventa.commerce.v1', partition: 3, offset: '42' },
      '2025-03-14T09:30:00Z',
    );
    expect(headers).toEqual({
      'x-dlq-reason-code': 'MISSING_SUBJECT',
      'x-dlq-reason-message': 'subject is required',
      'x-dlq-reason-path': 'subject',
      'x-dlq-original-topic': 'postventa.commerce.v1',
      'x-dlq-original-partition': '3',
      'x-dlq-original-offset': '42',
      'x-dlq-failed-at': '2025-03-14T09:30:00Z',
    });
    expect(Object.keys(headers).sort()).toEqual(Object.values(DLQ_HEADERS).sort());
  });
});
