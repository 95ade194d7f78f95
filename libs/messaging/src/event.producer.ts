import { CompressionTypes, IHeaders, Kafka, Producer } from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  /** Always the customer id for Postventa's own topics, so one customer stays on one partition. */
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

/**
 * An idempotent producer (acks from all in-sync replicas, one request in flight per connection):
 * a retried send is written once, and messages with the same key keep their order.
 */
export class EventProducer {
  private producer?: Producer;
  private connecting?: Promise<void>;

  constructor(private readonly kafka: Kafka) {}

  async connect(): Promise<void> {
    if (this.producer) return;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    })();
    try {
      await this.connecting;
    } finally {
      this.connecting = undefined;
    }
  }

  /** Resolves once the broker acknowledged every message. */
  async send(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await this.producer!.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
