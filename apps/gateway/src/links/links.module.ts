import { Module } from '@nestjs/common';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { ThrottlerModule } from '@nestjs/throttler';
import { LinkSigner, SuppressionRepository } from '@postventa/engagement';
import { AppConfig } from '@postventa/platform';
import { EngagementService } from './engagement.service';
import { LinkRateLimitGuard, linkThrottler } from './link-rate-limit.guard';
import { LinkVerifier } from './link-verifier';
import { LinksErrorFilter } from './links-error.filter';
import { ProvisionalAnswerRepository } from './provisional-answer.repository';
import { SurveyAnswerRepository } from './survey-answer.repository';
import { SurveyAnswerService } from './survey-answer.service';
import { SurveySettlePoller } from './survey-settle.poller';
import { SurveyController } from './survey.controller';
import { TrackingController } from './tracking.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * The links inside emails: surveys (`/s`), unsubscribe (`/u`), open pixel (`/o`) and click
 * tracking (`/c`). Every link is HMAC-signed by the dispatcher (LINK_SIGNING_SECRET); what
 * happens is published to the feedback topic for the engine. Every link route (and the alert
 * acknowledge link) is rate-limited per client address (LINK_RATE_LIMIT).
 */
@Module({
  imports: [
    ApiRequestsModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ throttlers: [linkThrottler(config)] }),
    }),
  ],
  controllers: [SurveyController, UnsubscribeController, TrackingController],
  providers: [
    LinkSigner,
    LinkVerifier,
    LinksErrorFilter,
    LinkRateLimitGuard,
    SuppressionRepository,
    SurveyAnswerRepository,
    ProvisionalAnswerRepository,
    SurveyAnswerService,
    SurveySettlePoller,
    UnsubscribeService,
    EngagementService,
  ],
})
export class LinksModule {}
