import type * as Contracts from '@postventa/contracts';
import type { Moment } from './flow.schema';

/**
 * The commands the interpreter emits are the contracts' commands (libs/contracts), except that
 * their flow reference carries the flow's content hash as `version`; the engine puts the published
 * version number in its place when it writes the command to the outbox.
 */
export interface JourneyFlowRef {
  id: string;
  version: string;
}
type FromJourney<C> = Omit<C, 'flow'> & { flow: JourneyFlowRef };

export type CommandBase = FromJourney<Contracts.CommandBase>;
export type EmailSendCommand = FromJourney<Contracts.EmailSendCommand>;
export type SurveySendCommand = FromJourney<Contracts.SurveySendCommand>;
export type AlertRaiseCommand = FromJourney<Contracts.AlertRaiseCommand>;

/** Commands that go on the wire to the dispatcher. */
export type WireCommand = EmailSendCommand | SurveySendCommand | AlertRaiseCommand;

/** Not on the wire: the engine applies it to the customer profile in the same transaction. */
export interface ProfileUpdateCommand extends CommandBase {
  type: 'profile.update';
  attributes: Record<string, unknown>;
  tags_add: string[];
  tags_remove: string[];
}

export type JourneyCommand = WireCommand | ProfileUpdateCommand;

export type ActivityType = 'journey.entered' | 'journey.step' | 'journey.exited' | 'journey.converted';

/** How a step went (matches the contracts' activity schema). */
export type StepOutcome = 'completed' | 'skipped' | 'suppressed' | 'waiting' | 'timed_out' | 'failed';
/** How a journey ended (matches the contracts' activity schema). */
export type ExitOutcome = 'completed' | 'goal_reached' | 'cancelled' | 'timed_out' | 'superseded' | 'error';

/** Fields of every activity record: who, which flow version, where, and when. */
export interface ActivityBase {
  activity_id: string;
  journey_id: string;
  customer_id: string;
  flow: { id: string; version: string };
  moment?: Moment;
  order_id?: string;
  step_id?: string;
  at: string;
  entered_at: string;
}

export interface JourneyEnteredActivity extends ActivityBase {
  type: 'journey.entered';
  trigger_event_id: string;
  trigger_event_type: string;
  entry_key: string;
}

export interface JourneyStepActivity extends ActivityBase {
  type: 'journey.step';
  step_id: string;
  step_type: string;
  outcome: StepOutcome;
  /** Why: `quiet_hours`, `frequency_cap`, `event`, `duplicate`... */
  reason?: string;
  command_id?: string;
  /** For branch and split: the step it went to. */
  branch?: string;
  /** When a wait or deferral ends. */
  until?: string;
  event_id?: string;
  event_type?: string;
  /** A `wait_for` completed on entry by an event that had arrived before the journey got there. */
  early?: true;
}

export interface JourneyExitedActivity extends ActivityBase {
  type: 'journey.exited';
  outcome: ExitOutcome;
  reason?: string;
  event_id?: string;
  event_type?: string;
}

export interface JourneyConvertedActivity extends ActivityBase {
  type: 'journey.converted';
  goal: string;
  event_id: string;
  event_type: string;
}

/** Activity records for KPIs (published on the activity topic by the engine). */
export type ActivityRecord =
  JourneyEnteredActivity | JourneyStepActivity | JourneyExitedActivity | JourneyConvertedActivity;

/** A durable timer for the engine to store; it comes back as a TimerFiring. */
export interface TimerSpec {
  timer_id: string;
  journey_id: string;
  customer_id: string;
  flow: { id: string; version: string };
  step_id: string;
  due_at: string;
  /** The journey's wait sequence number; a firing with another seq is stale and ignored. */
  seq: number;
  purpose: TimerPurpose;
}

/** Why the timer exists (matches `timer.fired` data `purpose` in the contracts). */
export type TimerPurpose = 'wait' | 'wait_timeout' | 'quiet_hours' | 'frequency_cap';
