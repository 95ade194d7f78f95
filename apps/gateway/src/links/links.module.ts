import { Module } from '@nestjs/common';
import { LinkSigner, SuppressionRepository } from '@postventa/engagement';
import { EngagementService } from './engagement.service';
import { LinkVerifier } from './link-verifier';
import { LinksErrorFilter } from './links-error.filter';
import { SurveyAnswerRepository } from './survey-answer.repository';
import { SurveyAnswerService } from './survey-answer.service';
import { SurveyController } from './survey.controller';
import { TrackingController } from './tracking.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * The links inside emails: one-click surveys (`/s`), unsubscribe (`/u`), open pixel (`/o`) and
 * click tracking (`/c`). Every link is HMAC-signed by the dispatcher (LINK_SIGNING_SECRET); what
 * happens is published to the feedback topic for the engine.
 */
@Module({
  controllers: [SurveyController, UnsubscribeController, TrackingController],
  providers: [
    LinkSigner,
    LinkVerifier,
    LinksErrorFilter,
    SuppressionRepository,
    SurveyAnswerRepository,
    SurveyAnswerService,
    UnsubscribeService,
    EngagementService,
  ],
})
export class LinksModule {}
