/**
 * What the chaos suite checks at the end, computed from what it sent, what the SMTP server
 * received, the deliveries table and the dead-letter topic; and the table it prints. Pure.
 */
import type { FaultKind } from './fault-schedule';
import type { ReceivedEmail } from './smtp-fault-capture';

/** One email the flow should send: a customer and a step of the flow. */
export interface ExpectedEmail {
  customerId: string;
  address: string;
  template: string;
  stepId: string;
  /** When it is due if nothing goes wrong: the customer's event + the flow's waits (epoch ms). */
  dueAt: number;
  /** The SMTP server refuses this address for good: expected to bounce, not to arrive. */
  bounce: boolean;
}

export interface DeliveryRow {
  command_id: string;
  customer_id: string;
  template: string;
  status: string;
  error_code: string | null;
  journey_id: string | null;
  step_id: string | null;
  attempts: number;
}

export interface DeadLetter {
  reasonCode: string;
  poisonKind: string | null;
  /** The chaos suite's own id of a poison message (the same when the harness's retried send wrote it twice). */
  poisonId: string | null;
  originalTopic: string;
  origin: string;
}

export interface PerformedFault {
  kind: FaultKind;
  startedAt: number;
  endedAt: number;
  note?: string;
}

export interface ChaosInputs {
  expected: ExpectedEmail[];
  received: ReceivedEmail[];
  deliveries: DeliveryRow[];
  deadLetters: DeadLetter[];
  eventsSent: { valid: number; validCopies: number; poison: Record<string, number> };
  faults: PerformedFault[];
  restarts: Record<string, number>;
  groups: Array<{ group: string; state: string; lag: number }>;
  settled: boolean;
  settleSeconds: number;
}

export interface ChaosResult {
  passed: boolean;
  failures: string[];
  eventsSent: number;
  validEvents: number;
  poisonSent: number;
  emailsExpected: number;
  expectedBounces: number;
  bouncesRecorded: number;
  received: number;
  delivered: number;
  duplicatesByMessageId: number;
  duplicatesBySlot: number;
  lost: number;
  unexpected: number;
  unknown: Array<{ commandId: string; customerId: string; template: string; received: number }>;
  lostSample: Array<{ customerId: string; template: string; status: string }>;
  deliveryStatus: Record<string, number>;
  deadLetters: {
    messages: number;
    distinct: number;
    byReason: Record<string, number>;
    byPoisonKind: Record<string, { sent: number; deadLettered: number }>;
  };
  maxDelayAfterFault: Record<string, number | null>;
  maxDelayOverall: number;
  restarts: Record<string, number>;
  groups: ChaosInputs['groups'];
  settled: boolean;
  settleSeconds: number;
}

const slotOf = (customerId: string, template: string) => `${customerId}|${template}`;

export function evaluate(input: ChaosInputs): ChaosResult {
  const deliveriesById = new Map(input.deliveries.map((d) => [d.command_id, d]));
  const expectedBySlot = new Map(input.expected.map((e) => [slotOf(e.customerId, e.template), e]));
  const customerByAddress = new Map(input.expected.map((e) => [e.address.toLowerCase(), e.customerId]));

  // Which expected email each received message is (through its command id and the deliveries table).
  const receivedBySlot = new Map<string, ReceivedEmail[]>();
  const byMessageId = new Map<string, number>();
  const byRecipientTemplateJourney = new Map<string, number>();
  let unexpected = 0;
  for (const email of input.received) {
    if (email.messageId) byMessageId.set(email.messageId, (byMessageId.get(email.messageId) ?? 0) + 1);
    const delivery = email.commandId ? deliveriesById.get(email.commandId) : undefined;
    const customerId = delivery?.customer_id ?? customerByAddress.get(email.recipients[0] ?? '') ?? '?';
    const template = delivery?.template ?? `subject:${email.subject ?? ''}`;
    const journey = delivery?.journey_id ?? '?';
    for (const recipient of email.recipients) {
      const key = `${recipient}|${template}|${journey}`;
      byRecipientTemplateJourney.set(key, (byRecipientTemplateJourney.get(key) ?? 0) + 1);
    }
    const slot = slotOf(customerId, template);
    const wanted = expectedBySlot.get(slot);
    if (!wanted || wanted.bounce) {
      unexpected += 1;
      continue;
    }
    const list = receivedBySlot.get(slot) ?? [];
    list.push(email);
    receivedBySlot.set(slot, list);
  }

  const unknownRows = input.deliveries.filter((d) => d.status === 'unknown');
  const unknownSlots = new Set(unknownRows.map((d) => slotOf(d.customer_id, d.template)));
  const excess = (counts: Iterable<number>) => [...counts].reduce((sum, n) => sum + Math.max(0, n - 1), 0);

  let lost = 0;
  const lostSample: ChaosResult['lostSample'] = [];
  const statusBySlot = new Map(input.deliveries.map((d) => [slotOf(d.customer_id, d.template), d.status]));
  for (const e of input.expected) {
    if (e.bounce) continue;
    const slot = slotOf(e.customerId, e.template);
    if ((receivedBySlot.get(slot)?.length ?? 0) > 0 || unknownSlots.has(slot)) continue;
    lost += 1;
    if (lostSample.length < 20)
      lostSample.push({
        customerId: e.customerId,
        template: e.template,
        status: statusBySlot.get(slot) ?? 'no delivery row',
      });
  }
  // A duplicate is excused only where the deliveries table says the outcome is unknown.
  const dupMessageIds = [...byMessageId.entries()].filter(([id]) => {
    const commandId = /^<([^@]+)@/.exec(id)?.[1];
    const row = commandId ? deliveriesById.get(commandId) : undefined;
    return !(row && row.status === 'unknown');
  });
  const duplicatesByMessageId = excess(dupMessageIds.map(([, n]) => n));
  const duplicatesBySlot = excess(byRecipientTemplateJourney.values());

  const bounceSlots = input.expected.filter((e) => e.bounce);
  const bounceCustomers = new Set(bounceSlots.map((e) => e.customerId));
  const bouncesRecorded = input.deliveries.filter(
    (d) => bounceCustomers.has(d.customer_id) && (d.status === 'failed' || d.status === 'suppressed'),
  ).length;

  const deliveryStatus: Record<string, number> = {};
  for (const d of input.deliveries) {
    const key = d.error_code ? `${d.status} (${d.error_code})` : d.status;
    deliveryStatus[key] = (deliveryStatus[key] ?? 0) + 1;
  }

  const distinct = new Map<string, DeadLetter>();
  for (const d of input.deadLetters)
    distinct.set(d.poisonId !== null ? `poison|${d.poisonId}` : `${d.originalTopic}|${d.origin}`, d);
  const byReason: Record<string, number> = {};
  const byPoisonKind: Record<string, { sent: number; deadLettered: number }> = {};
  for (const [kind, sent] of Object.entries(input.eventsSent.poison)) byPoisonKind[kind] = { sent, deadLettered: 0 };
  for (const d of distinct.values()) {
    byReason[d.reasonCode] = (byReason[d.reasonCode] ?? 0) + 1;
    const kind = d.poisonKind ?? 'not from the chaos suite';
    byPoisonKind[kind] ??= { sent: 0, deadLettered: 0 };
    byPoisonKind[kind].deadLettered += 1;
  }

  // Delay: for the emails a fault caught (due before it ended, not arrived when it began), how long
  // after the fault ended they arrived.
  const firstArrival = (e: ExpectedEmail) =>
    Math.min(...(receivedBySlot.get(slotOf(e.customerId, e.template)) ?? []).map((r) => r.receivedAt));
  const delivered = input.expected.filter((e) => !e.bounce && Number.isFinite(firstArrival(e)));
  const maxDelayAfterFault: Record<string, number | null> = {};
  for (const fault of input.faults) {
    const affected = delivered.filter((e) => e.dueAt <= fault.endedAt && firstArrival(e) > fault.startedAt);
    const worst = affected.length ? Math.max(...affected.map((e) => firstArrival(e) - fault.endedAt)) : null;
    const previous = maxDelayAfterFault[fault.kind];
    maxDelayAfterFault[fault.kind] = worst === null ? (previous ?? null) : Math.max(previous ?? 0, Math.max(0, worst));
  }
  const maxDelayOverall = delivered.length ? Math.max(...delivered.map((e) => firstArrival(e) - e.dueAt)) : 0;

  const failures: string[] = [];
  if (lost > 0) failures.push(`${lost} email(s) lost`);
  if (duplicatesByMessageId > 0) failures.push(`${duplicatesByMessageId} duplicate(s) by Message-ID`);
  if (duplicatesBySlot > 0) failures.push(`${duplicatesBySlot} duplicate(s) by recipient + template + journey`);
  if (unexpected > 0) failures.push(`${unexpected} email(s) nobody should have received`);
  const poisonSent = Object.values(input.eventsSent.poison).reduce((a, b) => a + b, 0);
  return {
    passed: failures.length === 0,
    failures,
    eventsSent: input.eventsSent.validCopies + poisonSent,
    validEvents: input.eventsSent.valid,
    poisonSent,
    emailsExpected: input.expected.filter((e) => !e.bounce).length,
    expectedBounces: bounceSlots.length,
    bouncesRecorded,
    received: input.received.length,
    delivered: delivered.length,
    duplicatesByMessageId,
    duplicatesBySlot,
    lost,
    unexpected,
    unknown: unknownRows.map((d) => ({
      commandId: d.command_id,
      customerId: d.customer_id,
      template: d.template,
      received: receivedBySlot.get(slotOf(d.customer_id, d.template))?.length ?? 0,
    })),
    lostSample,
    deliveryStatus,
    deadLetters: { messages: input.deadLetters.length, distinct: distinct.size, byReason, byPoisonKind },
    maxDelayAfterFault,
    maxDelayOverall,
    restarts: input.restarts,
    groups: input.groups,
    settled: input.settled,
    settleSeconds: input.settleSeconds,
  };
}

const seconds = (ms: number | null) =>
  ms === null ? 'n/a (no email pending during it)' : `${(ms / 1000).toFixed(1)} s`;

/** The result as a plain-text table (also pasted into docs/reliability.md). */
export function formatTable(r: ChaosResult): string {
  const rows: Array<[string, string]> = [
    [
      'events sent (valid x2 + poison)',
      `${r.eventsSent} (${r.validEvents} valid, each twice; ${r.poisonSent} malformed/poison)`,
    ],
    [
      'emails expected',
      `${r.emailsExpected} (+ ${r.expectedBounces} to refused addresses: expected to bounce, ${r.bouncesRecorded} recorded failed/suppressed)`,
    ],
    ['emails received (SMTP)', String(r.received)],
    ['expected emails delivered', String(r.delivered)],
    ['duplicates by Message-ID', String(r.duplicatesByMessageId)],
    ['duplicates by recipient+template+journey', String(r.duplicatesBySlot)],
    ['lost', String(r.lost)],
    ['unexpected (nobody should get them)', String(r.unexpected)],
    [
      'outcome unknown (excused, listed below)',
      `${r.unknown.length} (${r.unknown.filter((u) => u.received === 0).length} of them never reached the SMTP server)`,
    ],
    ['dead letters (distinct messages / copies)', `${r.deadLetters.distinct} / ${r.deadLetters.messages}`],
    ...Object.entries(r.deadLetters.byReason)
      .sort()
      .map(([reason, n]) => [`  dead letters: ${reason}`, String(n)] as [string, string]),
    ...Object.entries(r.maxDelayAfterFault)
      .sort()
      .map(([kind, ms]) => [`max delay after ${kind}`, seconds(ms)] as [string, string]),
    ['max delay of any email after its due time', seconds(r.maxDelayOverall)],
    ...Object.entries(r.restarts).map(([what, n]) => [`restarts: ${what}`, String(n)] as [string, string]),
    ...r.groups.map((g) => [`consumer group ${g.group}`, `${g.state}, lag ${g.lag}`] as [string, string]),
    [
      'settled',
      r.settled
        ? `yes, ${r.settleSeconds.toFixed(0)} s after the stream`
        : `NO: deadline passed ${r.settleSeconds.toFixed(0)} s after the stream`,
    ],
    ['result', r.passed ? 'PASS' : `FAIL: ${r.failures.join('; ')}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `${'check'.padEnd(width)}  value`,
    `${'-'.repeat(width)}  ${'-'.repeat(40)}`,
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
  ];
  const kinds = Object.entries(r.deadLetters.byPoisonKind).sort();
  if (kinds.length) {
    lines.push('', 'malformed / poison kind      sent  dead-lettered');
    for (const [kind, v] of kinds)
      lines.push(`${kind.padEnd(27)}  ${String(v.sent).padStart(5)}  ${String(v.deadLettered).padStart(13)}`);
  }
  lines.push(
    '',
    `delivery rows by status: ${Object.entries(r.deliveryStatus)
      .sort()
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
  );
  if (r.unknown.length) {
    lines.push('', 'outcome unknown (recorded by the dispatcher; not counted as lost or duplicated):');
    for (const u of r.unknown) lines.push(`  ${u.commandId}  ${u.customerId}  ${u.template}  received ${u.received}`);
  }
  if (r.lostSample.length) {
    lines.push('', `lost (first ${r.lostSample.length}):`);
    for (const l of r.lostSample) lines.push(`  ${l.customerId}  ${l.template}  delivery: ${l.status}`);
  }
  return lines.join('\n');
}
