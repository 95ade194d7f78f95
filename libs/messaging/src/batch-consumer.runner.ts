import {
  backoffDelayMs,
  BackoffPolicy,
  classifyFailure,
  failureSummary,
  type Logger,
  sleep,
} from '@postventa/platform';
import { Consumer, ConsumerCrashEvent, IHeaders, Kafka, KafkaMessage } from 'kafkajs';

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
 * committed, dead letters published) or throw. What happens after a throw depends on the error's
 * class (see `classifyFailure`): infrastructure trouble retries the same batch with backoff; a
 * fault of the data splits the batch until the message at fault is found and dead-lettered.
 */
export type BatchHandler = (batch: IncomingBatch) => Promise<void>;

/** Why one message was taken out of the stream. */
export interface PoisonReason {
  code: string;
  message: string;
  path: string;
}

export interface BatchConsumerOptions {
  /** Short name in logs, metrics and health, e.g. `commands`. */
  name: string;
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  /** Largest number of messages handed to the handler at once. */
  maxBatchSize: number;
  /**
   * How many partitions' batches are handled at the same time (kafkajs
   * `partitionsConsumedConcurrently`; default 1). Each partition's messages stay in order, one
   * batch after the other: a handler that needs order per key (per customer) keeps it, as long as
   * what must be ordered shares a partition.
   */
  partitionsConcurrently?: number;
  fromBeginning?: boolean;
  /** Backoff bounds for retrying a failed batch and restarting a crashed consumer. */
  retry?: BackoffPolicy;
  sessionTimeoutMs?: number;
  /** Publishes a message the handler cannot process to the dead-letter topic (must be durable when it resolves). */
  deadLetter(message: IncomingMessage, reason: PoisonReason): Promise<void>;
  /** How long the consumer may stay out of its group (crashed, rejoining) before `onFatal`. */
  rejoinTimeoutMs?: number;
  /** Called once when the consumer cannot get back into its group in time: the process should exit. */
  onFatal?(reason: string): void;
  /** Attempts for an error of unknown class before it is treated as the data's fault. */
  unknownErrorAttempts?: number;
  events?: ConsumerEvents;
}

/** Hooks for metrics. */
export interface ConsumerEvents {
  onRetry?(error: Error, attempt: number, batch: { topic: string; partition: number; size: number }): void;
  onPoison?(message: IncomingMessage, reason: PoisonReason): void;
  onRestart?(reason: string): void;
  onBatch?(batch: { topic: string; partition: number; size: number; seconds: number }): void;
}

export type ConsumerState = 'starting' | 'running' | 'rejoining' | 'restarting' | 'stopped' | 'failed';

export interface ConsumerStatus {
  name: string;
  groupId: string;
  topics: string[];
  state: ConsumerState;
  /** When the consumer entered `state`. */
  since: Date;
  /** Whether the consumer is currently a member of its group (joined and not crashed). */
  member: boolean;
  lastFetchAt: Date | null;
  lastBatchAt: Date | null;
  restarts: number;
  /** Messages dead-lettered because processing them failed for a reason of their own. */
  poisoned: number;
  lastError: { code: string; at: Date } | null;
}

/** Errors that mean "this member was fenced by a rebalance": its batch belongs to someone else now. */
const FENCED = new Set([
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'FENCED_INSTANCE_ID',
]);

const DEFAULT_RETRY: BackoffPolicy = { initialMs: 200, maxMs: 15_000 };

/**
 * Runs a kafkajs consumer with `eachBatch` and keeps it running:
 * - messages are handed over in bounded chunks; offsets are committed only after the handler
 *   returns (after its database transaction commits); heartbeats go on while a chunk waits;
 * - a chunk that fails for the data's fault is bisected until the message at fault is found; that
 *   message is dead-lettered with the reason and the rest of the chunk goes on;
 * - a chunk that fails for an infrastructure reason is retried with backoff, never skipped;
 * - a commit refused because a rebalance fenced this member is a rebalance, not a crash: the batch
 *   is redelivered to the partition's new owner, and its effects are idempotent;
 * - any crash kafkajs does not recover from by itself (non-retriable errors included) rebuilds the
 *   consumer with backoff, rejoins the group and resumes from the committed offsets; if that does not
 *   succeed within `rejoinTimeoutMs`, `onFatal` is called so a supervisor can restart the process;
 * - `stop()` lets the current chunk finish, commits it and leaves the group.
 */
export class BatchConsumerRunner {
  private consumer?: Consumer;
  private options?: BatchConsumerOptions;
  private stopping = false;
  private restartAttempt = 0;
  private restartTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private readonly status: ConsumerStatus = {
    name: '',
    groupId: '',
    topics: [],
    state: 'stopped',
    since: new Date(),
    member: false,
    lastFetchAt: null,
    lastBatchAt: null,
    restarts: 0,
    poisoned: 0,
    lastError: null,
  };

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
  ) {}

  /** A snapshot of the consumer's state, for health and metrics. */
  snapshot(): ConsumerStatus {
    return { ...this.status, topics: [...this.status.topics] };
  }

  async start(options: BatchConsumerOptions): Promise<void> {
    this.options = options;
    Object.assign(this.status, { name: options.name, groupId: options.groupId, topics: options.topics });
    this.setState('starting');
    await this.launch();
    const rejoinTimeoutMs = options.rejoinTimeoutMs ?? 0;
    if (rejoinTimeoutMs > 0) {
      this.watchdog = setInterval(
        () => this.checkRejoinDeadline(rejoinTimeoutMs),
        Math.min(1000, rejoinTimeoutMs),
      ).unref();
    }
  }

  /** Finishes the chunk in hand, commits it, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.watchdog);
    await this.consumer
      ?.disconnect()
      .catch((error: Error) =>
        this.logger.warn({ err: error, consumer: this.status.name }, 'consumer disconnect failed'),
      );
    this.consumer = undefined;
    this.setState('stopped');
  }

  private async launch(): Promise<void> {
    const options = this.options!;
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
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.restartAttempt = 0;
      this.status.member = true;
      this.setState('running');
    });
    consumer.on(consumer.events.REBALANCING, () => this.setState('rejoining'));
    consumer.on(consumer.events.FETCH, () => void (this.status.lastFetchAt = new Date()));
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => this.onCrash(consumer, event));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: Math.max(1, options.partitionsConcurrently ?? 1),
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          for (let start = 0; start < batch.messages.length; start += options.maxBatchSize) {
            if (!isRunning() || isStale()) return;
            const chunk = batch.messages
              .slice(start, start + options.maxBatchSize)
              .map((m) => toIncoming(batch.topic, batch.partition, m));
            const started = performance.now();
            const done = await this.settle(chunk, heartbeat, () => isRunning() && !isStale() && !this.stopping);
            if (!done) return;
            const last = chunk[chunk.length - 1];
            resolveOffset(last.offset);
            await this.commit(consumer, batch.topic, batch.partition, last.offset);
            this.status.lastBatchAt = new Date();
            options.events?.onBatch?.({
              topic: batch.topic,
              partition: batch.partition,
              size: chunk.length,
              seconds: (performance.now() - started) / 1000,
            });
            await heartbeat();
          }
        },
      });
    } catch (error) {
      // The first start of a process fails loudly (bad configuration, no broker); later restarts retry.
      if (this.status.state === 'starting') throw error;
      this.scheduleRestart(`restart failed: ${(error as Error).message}`);
    }
  }

  /**
   * Brings a chunk to a durable end: handled, or split until what fails for the data's fault is
   * dead-lettered. Returns false when the consumer must let go (stopping, rebalanced) before that.
   */
  private async settle(
    messages: IncomingMessage[],
    heartbeat: () => Promise<void>,
    mayGoOn: () => boolean,
  ): Promise<boolean> {
    const options = this.options!;
    const retry = options.retry ?? DEFAULT_RETRY;
    const unknownAttempts = options.unknownErrorAttempts ?? 3;
    const first = messages[0];
    const incoming: IncomingBatch = { topic: first.topic, partition: first.partition, messages, heartbeat };
    for (let attempt = 1; ; attempt++) {
      let error: unknown;
      try {
        await options.handler(incoming);
        return true;
      } catch (caught) {
        error = caught;
      }
      const kind = classifyFailure(error);
      const where = {
        consumer: options.name,
        topic: first.topic,
        partition: first.partition,
        firstOffset: first.offset,
        size: messages.length,
        attempt,
      };
      this.status.lastError = { code: failureSummary(error).code, at: new Date() };
      if (kind === 'data' || (kind === 'unknown' && attempt >= unknownAttempts)) {
        if (messages.length === 1) {
          const summary = failureSummary(error);
          const reason: PoisonReason = {
            code: 'UNPROCESSABLE',
            message: `${summary.code}: ${summary.message}`,
            path: '',
          };
          await options.deadLetter(first, reason);
          this.status.poisoned += 1;
          options.events?.onPoison?.(first, reason);
          this.logger.warn(
            { ...where, offset: first.offset, reason: summary.code, class: kind },
            'message dead-lettered: it cannot be processed',
          );
          return true;
        }
        this.logger.warn(
          { ...where, err: error, class: kind },
          'batch failed for a reason in its data; splitting it to isolate the message',
        );
        const middle = Math.ceil(messages.length / 2);
        if (!(await this.settle(messages.slice(0, middle), heartbeat, mayGoOn))) return false;
        return this.settle(messages.slice(middle), heartbeat, mayGoOn);
      }
      options.events?.onRetry?.(error as Error, attempt, {
        topic: first.topic,
        partition: first.partition,
        size: messages.length,
      });
      this.logger.warn({ ...where, err: error, class: kind }, 'batch failed; retrying (the messages stay in place)');
      // Stopping or rebalanced mid-retry: leave without committing; the batch is delivered again later.
      if (!mayGoOn()) return false;
      await sleepWithHeartbeat(backoffDelayMs(retry, attempt), heartbeat);
      if (!mayGoOn()) return false;
    }
  }

  private async commit(consumer: Consumer, topic: string, partition: number, offset: string): Promise<void> {
    try {
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
    } catch (error) {
      const fenced = fencedCause(error);
      if (!fenced) throw error;
      // Not a crash: the group moved on without this member. The batch's effects are idempotent,
      // so its next owner handling it again changes nothing a customer sees. Rethrowing the
      // protocol error itself lets kafkajs rejoin the group.
      this.logger.warn(
        { consumer: this.status.name, topic, partition, offset, reason: fenced.type },
        'commit refused after a rebalance; rejoining the group',
      );
      this.status.member = false;
      this.setState('rejoining');
      throw fenced;
    }
  }

  private onCrash(consumer: Consumer, event: ConsumerCrashEvent): void {
    const { error, restart } = event.payload;
    this.status.member = false;
    this.status.lastError = { code: error.name, at: new Date() };
    if (this.stopping || consumer !== this.consumer) return;
    if (restart) {
      // kafkajs restarts this one itself.
      this.setState('restarting');
      this.logger.warn({ consumer: this.status.name, err: error }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    this.scheduleRestart(`${error.name}: ${error.message}`);
  }

  private scheduleRestart(reason: string): void {
    if (this.stopping) return;
    const options = this.options!;
    this.restartAttempt += 1;
    const delay = backoffDelayMs(options.retry ?? DEFAULT_RETRY, this.restartAttempt);
    this.setState('restarting');
    this.status.restarts += 1;
    options.events?.onRestart?.(reason);
    this.logger.error(
      { consumer: options.name, groupId: options.groupId, reason, attempt: this.restartAttempt, delayMs: delay },
      'consumer stopped; restarting it',
    );
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.relaunch(), delay);
  }

  private async relaunch(): Promise<void> {
    if (this.stopping) return;
    const old = this.consumer;
    this.consumer = undefined;
    await old?.disconnect().catch(() => undefined);
    if (this.stopping) return;
    await this.launch();
  }

  private checkRejoinDeadline(rejoinTimeoutMs: number): void {
    const { state, since } = this.status;
    if (this.stopping || state === 'running' || state === 'stopped' || state === 'failed') return;
    if (Date.now() - since.getTime() < rejoinTimeoutMs) return;
    this.setState('failed');
    const reason = `consumer ${this.status.name} (group ${this.status.groupId}) could not rejoin its group within ${rejoinTimeoutMs} ms`;
    this.logger.fatal({ consumer: this.status.name, groupId: this.status.groupId }, reason);
    this.options?.onFatal?.(reason);
  }

  private setState(state: ConsumerState): void {
    if (this.status.state === state) return;
    this.status.state = state;
    this.status.since = new Date();
  }
}

function fencedCause(error: unknown): { type: string } | undefined {
  const seen = new Set<unknown>();
  let current = error as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (typeof current.type === 'string' && FENCED.has(current.type)) return current as { type: string };
    current = (current.cause ?? current.originalError) as typeof current;
  }
  return undefined;
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
    await sleep(Math.min(1000, until - Date.now()));
    await heartbeat().catch(() => undefined);
  }
}
