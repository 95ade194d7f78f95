import type { EventEnvelope as ContractEnvelope, CustomerProfile as StoredProfile } from '@postventa/contracts';

/**
 * The contracts' CloudEvents 1.0 envelope as the interpreter reads it (`subject` is the customer id);
 * `specversion` may be left out by simulations and tests.
 */
export type EventEnvelope = Omit<ContractEnvelope, 'specversion'> & Partial<Pick<ContractEnvelope, 'specversion'>>;

/** A durable timer coming back to the journey that set it. */
export interface TimerFiring {
  kind: 'timer';
  timer_id: string;
  journey_id: string;
  step_id: string;
  seq: number;
  due_at: string;
}

export type JourneyInput = EventEnvelope | TimerFiring;

export function isTimerFiring(input: JourneyInput): input is TimerFiring {
  return (input as TimerFiring).kind === 'timer';
}

/** What the interpreter reads of the customer profile (the contracts' CustomerProfile): the id and what is known. */
export type CustomerProfile = Pick<StoredProfile, 'id'> &
  Partial<Pick<StoredProfile, 'attributes' | 'tags'>> & {
    [K in 'email' | 'locale' | 'timezone']?: NonNullable<StoredProfile[K]>;
  };

/** One message already sent to the customer (any flow), for frequency caps. */
export interface SendRecord {
  at: string;
  category: 'transactional' | 'marketing' | 'survey';
  flow_id?: string;
  command_id?: string;
}

/** Everything besides the flow, instance and input that a transition may read. */
export interface AdvanceContext {
  customer?: CustomerProfile;
  /** Recent sends to this customer across all flows (the engine loads the cap window). */
  sendHistory?: readonly SendRecord[];
}
