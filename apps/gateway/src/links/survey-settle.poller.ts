import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IntervalPoller, LOGGER, Logger } from '@postventa/platform';
import { SurveyAnswerService } from './survey-answer.service';

/**
 * Publishes provisional survey answers once their settle window (SURVEY_SETTLE_MINUTES) is over.
 * Checks every tenth of the window, between half a second and a minute. Several gateways can run
 * it: each settled answer is claimed by one.
 */
@Injectable()
export class SurveySettlePoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: IntervalPoller;

  constructor(surveys: SurveyAnswerService, @Inject(LOGGER) logger: Logger) {
    const interval = Math.min(60_000, Math.max(500, Math.round(surveys.timing.settleMs / 10)));
    this.poller = new IntervalPoller(
      'survey settle',
      interval,
      async () => {
        while ((await surveys.settleDue()) > 0);
      },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
