/** One-line, plain-English summaries of events and activity for timelines. Pure. */

type Data = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : undefined;

function order(data: Data): string {
  const id = str(data.order_number) ?? str(data.order_id);
  return id ? `Order ${id}` : 'Order';
}

function money(data: Data): string {
  const total = typeof data.total === 'number' ? data.total : typeof data.amount === 'number' ? data.amount : undefined;
  const currency = str(data.currency);
  return total === undefined ? '' : ` (${total}${currency ? ` ${currency}` : ''})`;
}

function flowStep(data: Data): string {
  const flow = data.flow && typeof data.flow === 'object' ? str((data.flow as Data).id) : str(data.flow_id);
  const step = str(data.step_id);
  return [flow, step].filter(Boolean).join(' / ');
}

export function summarizeEvent(type: string, data: Data = {}): string {
  switch (type) {
    case 'order.placed':
      return `${order(data)} placed${money(data)}`;
    case 'order.paid':
      return `${order(data)} paid${money(data)}`;
    case 'order.shipped':
      return `${order(data)} shipped${str(data.carrier) ? ` with ${str(data.carrier)}` : ''}`;
    case 'order.delivered':
      return `${order(data)} delivered`;
    case 'order.cancelled':
      return `${order(data)} cancelled${str(data.reason) ? `: ${str(data.reason)}` : ''}`;
    case 'order.refunded':
      return `Refund requested for ${order(data).toLowerCase()}${money(data)}${str(data.reason) ? `: ${str(data.reason)}` : ''}`;
    case 'order.returned':
      return `Return requested for ${order(data).toLowerCase()}${str(data.reason) ? `: ${str(data.reason)}` : ''}`;
    case 'account.created':
      return `Account created${str(data.plan) ? ` (${str(data.plan)})` : ''}`;
    case 'product.activated':
      return `Product activated${str(data.product_id) ? `: ${str(data.product_id)}` : ''}`;
    case 'product.first_used':
      return `First use${str(data.order_id) ? ` of order ${str(data.order_id)}` : ''}${str(data.feature) ? ` (${str(data.feature)})` : ''}`;
    case 'product.used':
      return `Product used${typeof data.count === 'number' ? ` ${data.count} times` : ''}`;
    case 'usage.milestone':
      return `Milestone reached${str(data.milestone) ? `: ${str(data.milestone)}` : ''}`;
    case 'ticket.opened':
      return `${data.reopened === true ? 'Ticket reopened' : 'Ticket opened'}${str(data.ticket_id) ? ` ${str(data.ticket_id)}` : ''}${str(data.subject) ? `: ${str(data.subject)}` : ''}`;
    case 'ticket.reopened':
      return `Ticket reopened${str(data.ticket_id) ? ` ${str(data.ticket_id)}` : ''}`;
    case 'ticket.resolved':
      return `Ticket resolved${str(data.ticket_id) ? ` ${str(data.ticket_id)}` : ''}`;
    case 'survey.answered': {
      const kind = (str(data.kind) ?? str(data.survey) ?? 'survey').toUpperCase();
      const comment = str(data.comment);
      return `${kind} answered: ${str(data.score) ?? '?'}${comment ? ` — "${comment.length > 140 ? `${comment.slice(0, 137)}...` : comment}"` : ''}`;
    }
    case 'customer.unsubscribed':
      return `Unsubscribed${str(data.category) ? ` from ${str(data.category)} email` : ''}`;
    case 'email.opened':
      return `Opened an email${str(data.template) ? ` (${str(data.template)})` : ''}`;
    case 'email.clicked':
      return `Clicked a link${str(data.template) ? ` in ${str(data.template)}` : ''}`;
    case 'email.sent':
      return `Email sent${str(data.template) ? `: ${str(data.template)}` : ''}`;
    case 'email.failed':
      return `Email failed${str(data.template) ? `: ${str(data.template)}` : ''}`;
    case 'email.bounced':
      return `Email bounced (${str(data.bounce_type) ?? 'hard'})`;
    case 'journey.entered':
      return `Entered journey ${flowStep(data)}`;
    case 'journey.step':
      return `Journey step ${flowStep(data)}: ${str(data.outcome) ?? 'done'}`;
    case 'journey.exited':
      return `Left journey ${flowStep(data)}${str(data.outcome) ? ` (${str(data.outcome)})` : ''}`;
    case 'journey.converted':
      return `Reached goal ${str(data.goal) ?? ''} in ${flowStep(data)}`.trim();
    case 'risk.changed':
      return `Risk score ${str(data.score) ?? '?'} (${str(data.level) ?? '?'})`;
    default:
      return type;
  }
}
