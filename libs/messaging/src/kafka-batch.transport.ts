import {
  applyDecorators,
  ArgumentsHost,
  Catch,
  INestApplication,
  RpcExceptionFilter,
  UseFilters,
} from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, EventPattern, MessageHandler, Server } from '@nestjs/microservices';
import type { TopicMap } from '@postventa/contracts';
import { AppConfig } from '@postventa/platform';
import { isObservable, lastValueFrom, Observable, throwError } from 'rxjs';
import { BatchConsumerHost } from './batch-consumer.host';
import type { IncomingBatch } from './batch-consumer.runner';
import { TOPICS } from './topic-map';

/** The transport id of Postventa's Kafka batch consumers (handlers bind to it, not to Nest's own Kafka transport). */
export const KAFKA_BATCH_TRANSPORT = Symbol('postventa-kafka-batch');

/** What a batch handler consumes: topics, group and batch size, read from the validated config. */
export interface BatchSubscription {
  groupId: string;
  topics: string[];
  maxBatchSize: number;
  /** Partitions handled at the same time, each in order (see BatchConsumerOptions). */
  partitionsConcurrently?: number;
  sessionTimeoutMs?: number;
  fromBeginning?: boolean;
}

export type BatchSubscriptionResolver = (config: AppConfig, topics: TopicMap) => BatchSubscription;

interface BatchPatternExtras {
  subscribe: BatchSubscriptionResolver;
}

/**
 * Hands the handler's own error back to the transport unchanged (Nest's default RPC filter would
 * replace it with "Internal server error"): the consumer runner classifies it — infrastructure
 * trouble is retried, a fault of the data is isolated and dead-lettered.
 */
@Catch()
export class BatchErrorPassthroughFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Declares a Kafka batch handler: `name` names the consumer (logs, metrics, `/health`), and
 * `subscribe` says what it consumes. The method receives a whole batch (`IncomingBatch`) and must
 * finish its work durably before it returns; offsets are committed only then.
 */
export function BatchEventPattern(name: string, subscribe: BatchSubscriptionResolver): MethodDecorator {
  const extras: BatchPatternExtras = { subscribe };
  return applyDecorators(EventPattern(name, KAFKA_BATCH_TRANSPORT, extras), UseFilters(BatchErrorPassthroughFilter));
}

/** The RPC context of a batch handler: the batch itself, for interceptors and filters. */
export class KafkaBatchContext extends BaseRpcContext<[IncomingBatch]> {
  getBatch(): IncomingBatch {
    return this.args[0];
  }
}

/**
 * A NestJS custom transport that consumes Kafka with `eachBatch` and hands whole batches to
 * `@BatchEventPattern` handlers, awaiting each one (through Nest's guards, interceptors and
 * filters) before the offsets are committed. Nest's own Kafka transport hands messages over one at
 * a time and does not await event handlers, which would commit before the database transaction.
 * The consumers themselves (dead letters, self-healing, health) are run by BatchConsumerHost.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  override transportId = KAFKA_BATCH_TRANSPORT;

  constructor(
    private readonly host: BatchConsumerHost,
    private readonly config: AppConfig,
    private readonly topics: TopicMap,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.getHandlers()) {
        if (!handler.isEventHandler) continue;
        const extras = handler.extras as Partial<BatchPatternExtras> | undefined;
        if (typeof extras?.subscribe !== 'function') continue;
        const subscription = extras.subscribe(this.config, this.topics);
        await this.host.start({ name: pattern, ...subscription, handler: (batch) => this.invoke(handler, batch) });
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.host.stopAll();
  }

  on(): never {
    throw new Error('KafkaBatchServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.host as T;
  }

  private async invoke(handler: MessageHandler, batch: IncomingBatch): Promise<void> {
    const result: unknown = await handler(batch, new KafkaBatchContext([batch]));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}

/** Connects the batch transport to an app whose module tree has MessagingModule (engine, dispatcher). */
export function connectKafkaBatchTransport(app: INestApplication): void {
  const strategy = new KafkaBatchServer(app.get(BatchConsumerHost), app.get(AppConfig), app.get<TopicMap>(TOPICS));
  app.connectMicroservice({ strategy }, { inheritAppConfig: false });
}
