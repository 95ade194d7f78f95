import { deadLetterHeaders } from '@postventa/contracts';
import type { IncomingMessage } from './batch-consumer.runner';
import type { OutgoingMessage } from './event.producer';

/**
 * The dead-letter copy of a message: key, value and headers unchanged, plus headers naming the
 * reason (code, message, field path) and where it came from (topic, partition, offset).
 */
export function deadLetterOf(
  message: IncomingMessage,
  reason: { code: string; message: string; path: string },
  deadLetterTopic: string,
  failedAt: Date,
): OutgoingMessage {
  return {
    topic: deadLetterTopic,
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      ...deadLetterHeaders(
        reason,
        { topic: message.topic, partition: message.partition, offset: message.offset },
        failedAt.toISOString(),
      ),
    },
  };
}
