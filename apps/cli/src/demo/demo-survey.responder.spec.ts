import type { DemoGatewayClient } from './demo-gateway.client';
import type { DemoInbox, InboxMessage } from './demo-inbox.client';
import type { DemoCustomer, DemoStore, PlannedEvent } from './demo-store.generator';
import { DemoSurveyResponder, expectedSurveys } from './demo-survey.responder';

const base = 'http://127.0.0.1:3000';

function customer(n: number): DemoCustomer {
  return {
    id: `demo_r_c000${n}`,
    email: `ana.lopez.r000${n}@example.com`,
    name: 'Ana López',
    firstName: 'Ana',
    lastName: 'López',
    locale: 'es-ES',
    language: 'es',
    timezone: 'Europe/Madrid',
    currency: 'EUR',
    segment: 'shop',
    isNew: true,
    mood: 'detractor',
    marketingConsent: false,
    answersSurveys: true,
    unsubscribes: false,
  };
}

let sequence = 0;
function event(at: number, type: PlannedEvent['type'], subject: DemoCustomer, orderId: string): PlannedEvent {
  return { at, id: `e${++sequence}`, type, subject: subject.id, data: { order_id: orderId } };
}

function store(customers: DemoCustomer[], events: PlannedEvent[]): DemoStore {
  return { runId: 'r', customers, events, stories: {} as DemoStore['stories'] };
}

const npsEmail = (id: string): InboxMessage => ({
  id,
  subject: 'How likely...',
  html: Array.from({ length: 11 }, (_, n) => `<a href="${base}/s/${id}.sig?score=${n}">${n}</a>`).join(''),
  text: null,
  headers: {},
});

const claims = (url: string) => Buffer.from(JSON.stringify({ k: 'c', u: url })).toString('base64url');
const helpEmail = (id: string): InboxMessage => ({
  id,
  subject: 'Need a hand?',
  html: `<a href="${base}/c/${claims('https://shop.example.com/help')}.sig">Open the quick-start guide</a>`,
  text: null,
  headers: {},
});

describe('expectedSurveys', () => {
  const ana = customer(1);
  const bea = customer(2);
  const surveys = expectedSurveys(
    store(
      [ana, bea],
      [
        event(1000, 'order.delivered', ana, 'o1'),
        event(4000, 'product.first_used', ana, 'o1'),
        event(5000, 'order.delivered', ana, 'o2'),
        event(6000, 'order.delivered', bea, 'o3'),
        event(7000, 'product.first_used', bea, 'o3'),
        event(9000, 'order.refunded', bea, 'o3'),
        event(9500, 'order.refunded', bea, 'o4'), // an order from before the demo
      ],
    ),
    5,
  );

  it('expects an NPS for each order used and not refunded, a CSAT for each refund', () => {
    expect(surveys.get(ana.id)).toMatchObject({ nps: 1, csat: 0, unused: 1 });
    expect(surveys.get(bea.id)).toMatchObject({ nps: 0, csat: 2, unused: 0 });
  });

  it('has them due after the demo flows wait, divided by the flow speed', () => {
    expect(surveys.get(ana.id)).toMatchObject({ firstDueMs: 4000 + 2000, lastDueMs: 4000 + 2000 });
    // the NPS of a refunded order may come before the refund: it is looked for from then
    expect(surveys.get(bea.id)).toMatchObject({ firstDueMs: 7000 + 2000, lastDueMs: 9500 + 3000 });
  });
});

describe('DemoSurveyResponder', () => {
  const ana = customer(1);
  const story = store([ana], [event(0, 'order.delivered', ana, 'o1'), event(3000, 'product.first_used', ana, 'o1')]);
  let mail: InboxMessage[];
  const answered: string[] = [];
  const inbox = { messages: async () => mail } as unknown as DemoInbox;
  const gateway = {
    links: { tryTake: () => false },
    link: async (url: string) => {
      answered.push(url);
      return 200;
    },
  } as unknown as DemoGatewayClient;

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12) });
    mail = [];
    answered.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  /** Lets the responder settle (for at most a minute): `after(ms)` says whether it finished within `ms` more. */
  function settle(responder: DemoSurveyResponder): { after: (ms: number) => Promise<boolean> } {
    let finished = false;
    void responder.finish(Date.now() + 60_000).then(() => (finished = true));
    return {
      after: async (ms) => {
        await jest.advanceTimersByTimeAsync(ms);
        return finished;
      },
    };
  }

  it('answers the survey through its link and ends without waiting out the settling time', async () => {
    const responder = new DemoSurveyResponder(gateway, inbox, story, Date.now(), 1, 1);
    mail = [npsEmail('nps1')];
    await jest.advanceTimersByTimeAsync(15_000); // the store's timeline
    expect(await settle(responder).after(1000)).toBe(true);
    expect(answered).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:3000\/s\/nps1\.sig\?score=\d$/)]);
    expect(responder.stats.answers.nps).toBe(1);
  });

  it('waits for a survey still to come, and answers it when it comes', async () => {
    const responder = new DemoSurveyResponder(gateway, inbox, story, Date.now(), 1, 1);
    await jest.advanceTimersByTimeAsync(10_000); // the NPS is due 13 s in (first use, then 10 s)
    const settling = settle(responder);
    expect(await settling.after(10_000)).toBe(false);
    mail = [npsEmail('late')];
    expect(await settling.after(3000)).toBe(true);
    expect(responder.stats.answers.nps).toBe(1);
  });

  it('gives up on a survey that does not come well before the settling time ends', async () => {
    const responder = new DemoSurveyResponder(gateway, inbox, story, Date.now(), 1, 1);
    await jest.advanceTimersByTimeAsync(15_000);
    const settling = settle(responder);
    expect(await settling.after(5000)).toBe(false);
    expect(await settling.after(10_000)).toBe(true);
    expect(responder.stats.answers.nps).toBe(0);
  });

  it('goes on while the stack still has emails of the run to send (admin API)', async () => {
    let queued = [{ customer_id: ana.id }];
    const busy = {
      ...gateway,
      hasAdmin: true,
      admin: async (_method: string, path: string) => (path.includes('outcome=queued') ? { deliveries: queued } : null),
    } as unknown as DemoGatewayClient;
    const responder = new DemoSurveyResponder(busy, inbox, story, Date.now(), 1, 1);
    await jest.advanceTimersByTimeAsync(15_000);
    const settling = settle(responder);
    expect(await settling.after(30_000)).toBe(false);
    queued = [{ customer_id: 'demo_other_c0001' }];
    expect(await settling.after(15_000)).toBe(true);
  });

  it('does not hold the run up for an unsubscribe whose link has not come', async () => {
    const leaving = { ...ana, answersSurveys: false, unsubscribes: true };
    const responder = new DemoSurveyResponder(gateway, inbox, store([leaving], story.events), Date.now(), 1, 1);
    await jest.advanceTimersByTimeAsync(15_000);
    expect(await settle(responder).after(1000)).toBe(true);
    expect(answered).toEqual([]);
  });

  it('does not wait for the NPS of a first use the flow missed (a first-use help email came instead)', async () => {
    const responder = new DemoSurveyResponder(gateway, inbox, story, Date.now(), 1, 1);
    mail = [helpEmail('help1')];
    await jest.advanceTimersByTimeAsync(15_000);
    expect(await settle(responder).after(1000)).toBe(true);
    expect(answered).toEqual([]);
  });
});
