import {
  ACTIVITY_EVENT_TYPES,
  COMMERCE_EVENT_TYPES,
  FEEDBACK_EVENT_TYPES,
  SUPPORT_EVENT_TYPES,
  TIMER_EVENT_TYPES,
  USAGE_EVENT_TYPES,
} from '@postventa/contracts';
import { ingestScopeOf } from './ingest-scope';

describe('ingestScopeOf', () => {
  it('takes what platforms send, and their own types', () => {
    for (const type of [
      ...COMMERCE_EVENT_TYPES,
      ...USAGE_EVENT_TYPES,
      ...SUPPORT_EVENT_TYPES,
      'subscription.renewed',
      'customer.updated',
    ]) {
      expect([type, ingestScopeOf(type)]).toEqual([type, 'platform']);
    }
  });

  it('refuses every type the product produces, and the namespaces it owns', () => {
    const internal = [
      ...ACTIVITY_EVENT_TYPES,
      ...TIMER_EVENT_TYPES,
      ...FEEDBACK_EVENT_TYPES.filter((t) => t !== 'survey.answered'),
    ];
    for (const type of [
      ...internal,
      'timer.anything',
      'email.delivered',
      'journey.custom',
      'alert.x',
      'risk.scored',
      'survey.viewed',
      'customer.unsubscribed',
    ]) {
      expect([type, ingestScopeOf(type)]).toEqual([type, 'internal']);
    }
  });

  it('lets survey answers in only under the feedback scope', () => {
    expect(ingestScopeOf('survey.answered')).toBe('feedback');
  });
});
