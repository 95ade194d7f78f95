import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, Logger } from '@postventa/platform';
import { Admin } from 'kafkajs';
import { KafkaClient } from './kafka-client';

/** The one door to Kafka: the client, and a health check that asks the cluster to describe itself. */
@Global()
@Module({
  providers: [
    {
      provide: KafkaClient,
      inject: [AppConfig, LOGGER],
      useFactory: (config: AppConfig, logger: Logger) => new KafkaClient(config, logger, logger.bindings().service),
    },
  ],
  exports: [KafkaClient],
})
export class MessagingModule implements OnModuleInit, OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly client: KafkaClient,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const admin = this.client.kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(`Cannot connect to Kafka at KAFKA_BROKERS: ${(error as Error).message}`);
    }
    this.admin = admin;
    this.health.register({ name: 'kafka', check: async () => void (await admin.describeCluster()) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch((error: Error) => this.logger.warn({ err: error }, 'kafka admin disconnect failed'));
  }
}
