import { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '@postventa/platform';

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

export interface IncomingBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void>;
}

/**
 * Handles one batch. It must either finish the batch's work durably (database transaction
 * committed, dead letters published) or throw; a throw means "not the messages' fault" and the
 * same batch is retried with backoff, so nothing is skipped and partition order is kept.
 */
export type BatchHandler = (batch: IncomingBatch) => Promise<void>;

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  /** Largest number of messages handed to the handler at once. */
  maxBatchSize: number;
  fromBeginning?: boolean;
  /** Backoff bounds for retrying a failed batch. */
  retry?: { initialMs: number; maxMs: number };
  sessionTimeoutMs?: number;
  onRetry?: (error: Error, attempt: number, batch: { topic: string; partition: number; size: number }) => void;
}

/**
 * Runs a kafkajs consumer with `eachBatch`: messages are handed over in bounded chunks, offsets
 * are committed only after the handler returns (i.e. after its database transaction commits),
 * heartbeats are sent while a chunk waits or retries, and `stop()` lets the current chunk finish,
 * commits it and leaves the group.
 *
 * Why not @nestjs/microservices' Kafka transport: it hands messages over one at a time and commits
 * on its own schedule, while Postventa needs whole batches (one query per table per batch) and
 * commits tied to its own database transactions.
 */
export class BatchConsumerRunner {
  private consumer?: Consumer;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
  ) {}

  async start(options: BatchConsumerOptions): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 1024 * 1024,
      // A short fetch wait keeps latency and shutdown quick; a busy topic fills batches anyway.
      maxWaitTimeInMs: 500,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    const retry = options.retry ?? { initialMs: 200, maxMs: 15_000 };

    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let start = 0; start < batch.messages.length; start += options.maxBatchSize) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + options.maxBatchSize);
          const incoming: IncomingBatch = {
            topic: batch.topic,
            partition: batch.partition,
            messages: chunk.map((m) => toIncoming(batch.topic, batch.partition, m)),
            heartbeat,
          };
          for (let attempt = 1; ; attempt++) {
            try {
              await options.handler(incoming);
              break;
            } catch (error) {
              options.onRetry?.(error as Error, attempt, { topic: batch.topic, partition: batch.partition, size: chunk.length });
              this.logger.warn(
                { err: error, topic: batch.topic, partition: batch.partition, attempt, size: chunk.length },
                'batch failed; retrying (the messages stay in place)',
              );
              // Stopping mid-retry: leave without committing; the batch is delivered again later.
              if (!isRunning() || this.stopping) return;
              await sleepWithHeartbeat(Math.min(retry.maxMs, retry.initialMs * 2 ** (attempt - 1)), heartbeat);
              if (!isRunning() || isStale()) return;
            }
          }
          const last = chunk[chunk.length - 1];
          resolveOffset(last.offset);
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]);
          await heartbeat();
        }
      },
    });
  }

  /** Finishes the chunk in hand, commits it, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}

function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
