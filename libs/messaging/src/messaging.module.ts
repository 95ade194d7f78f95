import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { TopicMap } from '@postventa/contracts';
import { AppConfig, HealthRegistry, LOGGER, Logger } from '@postventa/platform';
import { Admin } from 'kafkajs';
import { BatchConsumerHost } from './batch-consumer.host';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { EventProducer } from './event.producer';
import { KafkaClient } from './kafka-client';
import { ensureTopics } from './topic-admin';
import { KAFKA_ADMIN } from './kafka-admin';
import { TOPICS, topicMapFromConfig } from './topic-map';

/**
 * The one door to Kafka: the client, the idempotent producer, the topic names. At start-up it
 * connects (a broker that cannot be reached stops start-up, naming KAFKA_BROKERS) and creates
 * missing topics with KAFKA_TOPIC_PARTITIONS partitions.
 */
@Global()
@Module({
  providers: [
    {
      provide: KafkaClient,
      inject: [AppConfig, LOGGER],
      useFactory: (config: AppConfig, logger: Logger) => new KafkaClient(config, logger, logger.bindings().service),
    },
    { provide: TOPICS, inject: [AppConfig], useFactory: topicMapFromConfig },
    {
      provide: EventProducer,
      inject: [KafkaClient, AppConfig],
      useFactory: (client: KafkaClient, config: AppConfig) =>
        new EventProducer(client.kafka, { maxRequestBytes: config.get('KAFKA_PRODUCE_MAX_BYTES') }),
    },
    { provide: KAFKA_ADMIN, inject: [KafkaClient], useFactory: (client: KafkaClient): Admin => client.kafka.admin() },
    BatchConsumerHost,
    DeadLetterPublisher,
  ],
  exports: [KafkaClient, TOPICS, EventProducer, BatchConsumerHost, DeadLetterPublisher, KAFKA_ADMIN],
})
export class MessagingModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly client: KafkaClient,
    private readonly producer: EventProducer,
    private readonly config: AppConfig,
    private readonly health: HealthRegistry,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
  ) {}

  async onModuleInit(): Promise<void> {
    const admin = this.admin;
    try {
      await admin.connect();
      const created = await ensureTopics(
        admin,
        Object.values(this.topics).map((topic) => ({
          topic,
          partitions: this.config.get('KAFKA_TOPIC_PARTITIONS'),
          replicationFactor: this.config.get('KAFKA_REPLICATION_FACTOR'),
        })),
      );
      if (created.length > 0) this.logger.info({ topics: created }, 'kafka topics created');
      await this.producer.connect();
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw new Error(`Cannot use Kafka at KAFKA_BROKERS: ${(error as Error).message}`);
    }
    this.health.register({ name: 'kafka', check: async () => void (await admin.describeCluster()) });
    // Every app publishes (ingest, dead letters, outbox, delivery events): `down` while it cannot.
    this.health.register({ name: 'producer', check: () => this.producer.check() });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer
      .disconnect()
      .catch((error: Error) => this.logger.warn({ err: error }, 'kafka producer disconnect failed'));
    await this.admin
      .disconnect()
      .catch((error: Error) => this.logger.warn({ err: error }, 'kafka admin disconnect failed'));
  }
}
