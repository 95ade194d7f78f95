import { Module } from '@nestjs/common';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { IngestAuthGuard } from './ingest-auth.guard';
import { IngestBodyReader } from './ingest-body.reader';
import { IngestRateLimitGuard } from './ingest-rate-limit.guard';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

/** `POST /v1/events`; health reports the producer it publishes with (see MessagingModule). */
@Module({
  imports: [ApiRequestsModule, AuthLimitsModule],
  controllers: [IngestController],
  providers: [IngestService, IngestBodyReader, IngestAuthGuard, IngestRateLimitGuard],
})
export class IngestModule {}
