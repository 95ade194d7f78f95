import { Consumer, Kafka } from 'kafkajs';
import { uniqueName } from './kafka';

export interface CollectedEvent {
  key: string | null;
  partition: number;
  event: { id: string; type: string; subject: string; time: string; data: Record<string, unknown> };
}

/** Reads a topic from the beginning in the background and keeps every event it sees. */
export class TopicCollector {
  readonly events: CollectedEvent[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<void> {
    // A short fetch wait: `stop()` waits for the fetch in flight (kafkajs' default wait is 5 s).
    const consumer = this.kafka.consumer({
      groupId: uniqueName('test.collector'),
      sessionTimeout: 10_000,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        this.events.push({
          key: message.key?.toString() ?? null,
          partition,
          event: JSON.parse(message.value?.toString() ?? '{}'),
        });
      },
    });
  }

  of(type: string, predicate: (e: CollectedEvent['event']) => boolean = () => true): CollectedEvent['event'][] {
    return this.events.map((e) => e.event).filter((e) => e.type === type && predicate(e));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
