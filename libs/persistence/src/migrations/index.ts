import { CreateInboxAndCustomers1764000000000 } from './1764000000000-create-inbox-and-customers';
import { CreateDeliveriesAndConsent1764100000000 } from './1764100000000-create-deliveries-and-consent';
import { CreateJourneysTimersOutbox1764200000000 } from './1764200000000-create-journeys-timers-outbox';
import { CreateRiskAndAlerts1764300000000 } from './1764300000000-create-risk-and-alerts';
import { DispatcherInstancesAndRetention1764500000000 } from './1764500000000-dispatcher-instances-and-retention';
import { CreateSurveyProvisionalAnswers1764910000000 } from './1764910000000-create-survey-provisional-answers';
import { KpiIndexes1765000000000 } from './1765000000000-kpi-indexes';
import { CustomerSearchIndexes1765100000000 } from './1765100000000-customer-search-indexes';
import { KpiFlowCustomerIndex1765200000000 } from './1765200000000-kpi-flow-customer-index';
import { FlowVersionReverts1765300000000 } from './1765300000000-flow-version-reverts';

/** Every migration, oldest first. Migrations are history: add new ones, never edit old ones. */
export const migrations = [
  CreateInboxAndCustomers1764000000000,
  CreateDeliveriesAndConsent1764100000000,
  CreateJourneysTimersOutbox1764200000000,
  CreateRiskAndAlerts1764300000000,
  DispatcherInstancesAndRetention1764500000000,
  CreateSurveyProvisionalAnswers1764910000000,
  KpiIndexes1765000000000,
  CustomerSearchIndexes1765100000000,
  KpiFlowCustomerIndex1765200000000,
  FlowVersionReverts1765300000000,
];
