import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { EventProducer } from '@postventa/messaging';
import { HealthRegistry } from '@postventa/platform';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { IngestAuthGuard } from './ingest-auth.guard';
import { IngestBodyReader } from './ingest-body.reader';
import { IngestRateLimitGuard } from './ingest-rate-limit.guard';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

/** `POST /v1/events`; `/health` reports the producer it publishes with (`down` while it cannot). */
@Module({
  imports: [AuthLimitsModule],
  controllers: [IngestController],
  providers: [IngestService, IngestBodyReader, IngestAuthGuard, IngestRateLimitGuard],
})
export class IngestModule implements OnModuleInit {
  constructor(
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    private readonly producer: EventProducer,
  ) {}

  onModuleInit(): void {
    this.health.register({ name: 'producer', check: () => this.producer.check() });
  }
}
