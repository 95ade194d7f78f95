import { EventEnvelope, makeEvent, topicForEventType, TopicMap } from '@postventa/contracts';
import type { ClickLink, LinkOrigin, OpenLink, SurveyLink, UnsubscribeLink } from '@postventa/engagement';
import type { OutgoingMessage } from '@postventa/messaging';
import type { SurveyAnswer } from './survey-answer.repository';

/** The journey step an email came from, in the feedback events' field names. */
function origin(link: LinkOrigin) {
  return {
    command_id: link.commandId,
    ...(link.flowId !== undefined ? { flow_id: link.flowId } : {}),
    ...(link.flowVersion !== undefined ? { flow_version: link.flowVersion } : {}),
    ...(link.stepId !== undefined ? { step_id: link.stepId } : {}),
    ...(link.journeyId !== undefined ? { journey_id: link.journeyId } : {}),
    ...(link.orderId !== undefined ? { order_id: link.orderId } : {}),
  };
}

/** `survey.answered`; one event per revision of the answer (an update is a new event). */
export function surveyAnsweredEvent(link: SurveyLink, answer: SurveyAnswer, now: Date): EventEnvelope<string, object> {
  return makeEvent(
    'survey.answered',
    link.customerId,
    {
      survey_id: link.surveyId,
      kind: link.surveyKind,
      score: answer.score,
      ...(answer.comment ? { comment: answer.comment } : {}),
      ...origin(link),
      revision: answer.revision,
    },
    { id: `${link.surveyId}:answered:${answer.revision}`, time: now.toISOString() },
  );
}

/** `customer.unsubscribed`; the same link always yields the same event id. */
export function unsubscribedEvent(link: UnsubscribeLink, now: Date, oneClick: boolean): EventEnvelope<string, object> {
  return makeEvent(
    'customer.unsubscribed',
    link.customerId,
    {
      category: link.category,
      command_id: link.commandId,
      delivery_id: link.commandId,
      reason: oneClick ? 'one_click' : 'unsubscribe_page',
    },
    { id: `${link.customerId}:unsubscribed:${link.category}:${link.commandId}`, time: now.toISOString() },
  );
}

export function openedEvent(link: OpenLink, now: Date, userAgent?: string): EventEnvelope<string, object> {
  return makeEvent(
    'email.opened',
    link.customerId,
    {
      delivery_id: link.commandId,
      ...origin(link),
      ...(link.template ? { template: link.template } : {}),
      ...(userAgent ? { user_agent: userAgent.slice(0, 1000) } : {}),
    },
    { id: `${link.commandId}:opened:${now.getTime()}`, time: now.toISOString() },
  );
}

export function clickedEvent(link: ClickLink, now: Date, userAgent?: string): EventEnvelope<string, object> {
  return makeEvent(
    'email.clicked',
    link.customerId,
    {
      delivery_id: link.commandId,
      ...origin(link),
      ...(link.template ? { template: link.template } : {}),
      url: link.url,
      ...(link.index !== undefined ? { link_id: `link_${link.index}` } : {}),
      ...(userAgent ? { user_agent: userAgent.slice(0, 1000) } : {}),
    },
    { id: `${link.commandId}:clicked:${link.index ?? 0}:${now.getTime()}`, time: now.toISOString() },
  );
}

/** On the feedback topic, keyed by customer id. */
export function feedbackMessage(event: EventEnvelope<string, object>, topics: TopicMap): OutgoingMessage {
  return { topic: topicForEventType(event.type, topics), key: event.subject, value: JSON.stringify(event) };
}
