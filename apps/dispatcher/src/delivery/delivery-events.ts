import { EventEnvelope, makeEvent, topicForEventType, TopicMap } from '@postventa/contracts';
import type { OutgoingMessage } from '@postventa/messaging';
import { Delivery, DeliveryErrorCode } from './delivery.types';

/**
 * The activity events of a finished delivery: `email.sent` (with the Message-ID), `email.failed`
 * (with the reason) and, for a hard bounce, `email.bounced`. Ids derive from the command id, so a
 * republish after a crash is recognisably the same event. Pure: the delivery row is the input.
 */
export function deliveryEvents(delivery: Delivery): EventEnvelope<string, object>[] {
  const command = delivery.command;
  const time = delivery.updatedAt.toISOString();
  const email = {
    command_id: command.command_id,
    delivery_id: command.command_id,
    journey_id: command.journey_id,
    flow: command.flow,
    step_id: command.step_id,
    ...(command.moment ? { moment: command.moment } : {}),
    ...(command.order_id ? { order_id: command.order_id } : {}),
    template: command.template,
    category: delivery.category,
    ...(delivery.locale ? { locale: delivery.locale } : {}),
    ...(command.type === 'survey.send' ? { survey: command.survey } : {}),
  };
  const attempt = delivery.attempts > 0 ? { attempt: delivery.attempts } : {};
  const options = (type: string) => ({ id: `${command.command_id}:${type}`, time });
  switch (delivery.status) {
    case 'sent':
      return [
        makeEvent(
          'email.sent',
          command.customer_id,
          { ...email, message_id: delivery.messageId, ...attempt },
          options('email.sent'),
        ),
      ];
    case 'failed':
    case 'suppressed': {
      const code = delivery.errorCode ?? 'FAILED';
      const bounced = code === DeliveryErrorCode.HardBounce;
      const events: EventEnvelope<string, object>[] = [
        makeEvent(
          'email.failed',
          command.customer_id,
          {
            ...email,
            error_code: code,
            error_message: delivery.errorMessage ?? code,
            retryable: code === DeliveryErrorCode.GaveUp,
            ...attempt,
          },
          options('email.failed'),
        ),
      ];
      if (bounced) {
        events.push(
          makeEvent(
            'email.bounced',
            command.customer_id,
            {
              bounce_type: 'hard',
              command_id: command.command_id,
              delivery_id: command.command_id,
              journey_id: command.journey_id,
              flow: command.flow,
              step_id: command.step_id,
              template: command.template,
              ...(delivery.errorMessage ? { diagnostic: delivery.errorMessage } : {}),
            },
            options('email.bounced'),
          ),
        );
      }
      return events;
    }
    default:
      return [];
  }
}

/** As Kafka messages on the activity topic, keyed by customer id. */
export function deliveryEventMessages(deliveries: readonly Delivery[], topics: TopicMap): OutgoingMessage[] {
  return deliveries.flatMap((d) =>
    deliveryEvents(d).map((event) => ({
      topic: topicForEventType(event.type, topics),
      key: event.subject,
      value: JSON.stringify(event),
    })),
  );
}
