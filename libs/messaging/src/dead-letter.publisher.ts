import { Inject, Injectable } from '@nestjs/common';
import type { TopicMap } from '@postventa/contracts';
import type { IncomingMessage } from './batch-consumer.runner';
import { deadLetterOf } from './dead-letter';
import { EventProducer } from './event.producer';
import { TOPICS } from './topic-map';

export interface DeadLetterReason {
  code: string;
  message: string;
  path: string;
}

/** How many recently dead-lettered messages are remembered, to skip them when their batch comes again. */
const REMEMBERED = 100_000;

/**
 * The one way a consumer dead-letters a message. A batch that fails after its invalid messages were
 * dead-lettered is retried, or split to find a poison message, and each attempt meets the same
 * invalid messages again: a message already dead-lettered by this process (same topic, partition
 * and offset) is not sent a second time. After a restart a copy can repeat; its headers name the
 * origin (topic, partition, offset), so readers of the dead-letter topic can tell.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly sent = new Set<string>();

  constructor(
    private readonly producer: EventProducer,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {}

  /** Sends the dead-letter copies not sent before; durable (acknowledged) when it resolves. Returns how many were new. */
  async publish(
    items: ReadonlyArray<{ message: IncomingMessage; reason: DeadLetterReason }>,
    at: Date,
  ): Promise<number> {
    const fresh = items.filter(({ message }) => !this.sent.has(origin(message)));
    if (fresh.length === 0) return 0;
    await this.producer.send(
      fresh.map(({ message, reason }) => deadLetterOf(message, reason, this.topics.deadLetter, at)),
    );
    for (const { message } of fresh) this.remember(origin(message));
    return fresh.length;
  }

  private remember(key: string): void {
    this.sent.add(key);
    if (this.sent.size > REMEMBERED) this.sent.delete(this.sent.values().next().value as string);
  }
}

function origin(message: IncomingMessage): string {
  return `${message.topic}\u0000${message.partition}\u0000${message.offset}`;
}
