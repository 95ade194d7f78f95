import { Module } from '@nestjs/common';
import { AlertsCoreModule, CustomerRiskRepository } from '@postventa/alerts';
import { AppConfig } from '@postventa/platform';
import { RiskEvaluator } from './risk-evaluator.service';
import { loadRiskModel, RISK_MODEL } from './risk-model.loader';
import { RiskReviewPoller } from './risk-review.poller';
import { RiskHandler } from './risk.handler';
import { RiskSignalRepository } from './risk-signal.repository';

/**
 * Churn-risk scoring in the engine. Provides `RiskHandler` (a NewEventsHandler for the ingestion
 * transaction) and the review poller. The model (RISK_MODEL_FILE) is read once at start-up.
 */
@Module({
  imports: [AlertsCoreModule],
  providers: [
    {
      provide: RISK_MODEL,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loadRiskModel(config.get('RISK_MODEL_FILE')),
    },
    RiskSignalRepository,
    CustomerRiskRepository,
    RiskEvaluator,
    RiskHandler,
    RiskReviewPoller,
  ],
  exports: [RiskHandler, RiskEvaluator, CustomerRiskRepository, RISK_MODEL],
})
export class RiskModule {}
