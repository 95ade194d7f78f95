import { CompressionTypes, IHeaders, Kafka, Producer } from 'kafkajs';
import { chunkBySize, DEFAULT_PRODUCE_MAX_BYTES } from './produce-chunks';

/** How long a health check waits for a new producer to connect before answering `down`. */
const CHECK_RECONNECT_WAIT_MS = 1000;

export interface OutgoingMessage {
  topic: string;
  /** Always the customer id for Postventa's own topics, so one customer stays on one partition. */
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

export interface EventProducerOptions {
  /** Most bytes one produce request carries (KAFKA_PRODUCE_MAX_BYTES); larger sends are split. */
  maxRequestBytes?: number;
}

/** Whether the producer can publish, since when, and why not. */
export interface ProducerState {
  status: 'up' | 'down';
  since: Date;
  /** The last failed send: the Kafka error type (e.g. MESSAGE_TOO_LARGE) or the error's name. */
  lastError?: { code: string; at: Date };
}

/** How far a `publish` got: the first `sent` messages were acknowledged, the rest were not. */
export interface PublishReport {
  sent: number;
  failure?: { code: string; message: string; error: unknown };
}

/**
 * An idempotent producer (acks from all in-sync replicas, one request in flight per connection):
 * a retried send is written once, and messages with the same key keep their order.
 *
 * A send is split into produce requests of at most `maxRequestBytes`, sent one after the other.
 * After a failed request the kafkajs producer is thrown away and a new one is connected: an
 * idempotent producer whose send failed keeps a sequence number the broker no longer accepts
 * ("out of order sequence number"), which would fail every later send.
 */
export class EventProducer {
  private producer?: Producer;
  private connecting?: Promise<Producer>;
  private readonly maxRequestBytes: number;
  private current: ProducerState = { status: 'up', since: new Date() };

  constructor(
    private readonly kafka: Kafka,
    options: EventProducerOptions = {},
  ) {
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_PRODUCE_MAX_BYTES;
  }

  async connect(): Promise<void> {
    await this.connected();
  }

  /** Resolves once the broker acknowledged every message; rejects with the Kafka error otherwise. */
  async send(messages: OutgoingMessage[]): Promise<void> {
    const report = await this.publish(messages);
    if (report.failure) throw report.failure.error;
  }

  /**
   * Sends the messages in order, in produce requests under the size limit, and stops at the first
   * request that fails (later messages are not sent, so no message overtakes an earlier one with
   * the same key). Never rejects: the report says how many leading messages the broker has.
   * Messages of a failed request may still have been written on some partitions; resending them is
   * safe because every consumer deduplicates by event or command id.
   */
  async publish(messages: OutgoingMessage[]): Promise<PublishReport> {
    let sent = 0;
    for (const chunk of chunkBySize(messages, this.maxRequestBytes)) {
      let producer: Producer | undefined;
      try {
        producer = await this.connected();
        await producer.sendBatch({
          acks: -1,
          compression: CompressionTypes.None,
          topicMessages: [...groupByTopic(chunk)].map(([topic, list]) => ({
            topic,
            messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
          })),
        });
      } catch (error) {
        const code = kafkaErrorCode(error);
        this.markDown(code);
        if (producer) this.discard(producer);
        return { sent, failure: { code, message: (error as Error)?.message ?? String(error), error } };
      }
      sent += chunk.length;
      this.markUp();
    }
    return { sent };
  }

  /** For /health: whether the producer can publish; `down` from a failed send until it reconnects. */
  state(): ProducerState {
    return { ...this.current };
  }

  /**
   * A health check: resolves while the producer is up; while it is down, tries to connect a new
   * producer (a success brings it back up) and rejects naming the last error.
   */
  async check(): Promise<void> {
    if (this.current.status === 'up') return;
    const { since, lastError } = this.current;
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => (timer = setTimeout(resolve, CHECK_RECONNECT_WAIT_MS)));
    await Promise.race([this.connect().catch(() => undefined), patience]);
    clearTimeout(timer);
    if (this.state().status === 'up') return;
    throw new Error(`cannot publish since ${since.toISOString()} (${lastError?.code ?? 'UNKNOWN'})`);
  }

  async disconnect(): Promise<void> {
    const producer = this.producer ?? (await this.connecting?.catch(() => undefined));
    this.producer = undefined;
    await producer?.disconnect();
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      try {
        await producer.connect();
      } catch (error) {
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
      this.producer = producer;
      // A new producer has a new producer id and fresh sequence numbers: it can publish.
      this.markUp();
      return producer;
    })();
    try {
      return await this.connecting;
    } finally {
      this.connecting = undefined;
    }
  }

  /** Drops a producer whose send failed; the next send (or health check) connects a new one. */
  private discard(producer: Producer): void {
    if (this.producer === producer) this.producer = undefined;
    void producer.disconnect().catch(() => undefined);
  }

  private markDown(code: string): void {
    const now = new Date();
    this.current = {
      status: 'down',
      since: this.current.status === 'down' ? this.current.since : now,
      lastError: { code, at: now },
    };
  }

  private markUp(): void {
    if (this.current.status === 'up') return;
    this.current = { status: 'up', since: new Date(), lastError: this.current.lastError };
  }
}

function groupByTopic(messages: OutgoingMessage[]): Map<string, OutgoingMessage[]> {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const message of messages) {
    const list = byTopic.get(message.topic);
    if (list) list.push(message);
    else byTopic.set(message.topic, [message]);
  }
  return byTopic;
}

/** The most specific code of a kafkajs error: a protocol error's type, else the error's name. */
export function kafkaErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { type?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof e.type === 'string' && e.type !== 'UNKNOWN') return e.type;
    current = e.originalError ?? e.cause ?? e.errors?.[0];
  }
  return error instanceof Error ? error.name : 'UNKNOWN';
}
