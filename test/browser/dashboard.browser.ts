import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, ConsoleMessage, Page } from 'playwright-core';
import { ADMIN_KEY, BrowserStore } from './browser-store';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, 'screenshots');
const USER = 'Marta Soporte';

/**
 * The dashboard in Chromium on the real apps and services, after a small store ran through them
 * (`postventa demo`, or this folder's own seeding with BROWSER_SEED=pipeline): sign in, every
 * panel shows data, a flow diagram, an alert acknowledged then resolved, a template previewed in
 * Portuguese, a customer's timeline, sign out. Any console error, page error or CSP violation
 * fails it. Screenshots go to test/browser/screenshots/ (not in git).
 */
describe('dashboard in a real browser', () => {
  const store = new BrowserStore();
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await store.start();
    await store.seedStore();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
        problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // A CSP violation in any frame, as the page itself sees it.
    await context.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI))",
    );
  });

  afterAll(async () => {
    await browser?.close();
    await store.stop();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('asks to sign in, refuses a wrong key, and opens the dashboard with the right one', async () => {
    const response = await page.goto(`${store.gatewayUrl}/dashboard`);
    expect(page.url()).toBe(`${store.gatewayUrl}/dashboard/login`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.fill('#login-user', USER);
    await page.fill('#login-key', 'not-the-admin-key-0123456789');
    await page.click('button[type=submit]');
    await expect(page.textContent('[role=alert]')).resolves.toContain('not valid');
    await shot('01-login-refused');
    problems.splice(0); // the refused sign-in's 401 is logged by the browser as a failed resource

    await page.fill('#login-key', ADMIN_KEY);
    await page.click('button[type=submit]');
    await page.waitForURL(`${store.gatewayUrl}/dashboard`);
    await page.waitForSelector('body[data-loaded="true"]');
    await expect(page.textContent('#user-name')).resolves.toContain(USER);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'pv_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('fills every panel', async () => {
    await page.waitForFunction(
      "[...document.querySelectorAll('[data-panel]')].every((p) => p.dataset.state !== 'loading')",
    );
    const states = await page.$$eval('[data-panel]', (panels) =>
      panels.map((p) => ({ id: p.id, state: p.getAttribute('data-state'), hidden: p.hasAttribute('hidden') })),
    );
    // Local mode (SMTP_CAPTURE_URL): the captured inbox is there too.
    expect(states.find((s) => s.id === 'inbox')?.hidden).toBe(false);
    expect(states.filter((s) => s.state !== 'ready')).toEqual([]);
    expect(await page.$$('#kpi-cards .card')).toHaveLength(4);
    expect(Number((await page.textContent('.card.fmot .big'))?.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await page.$$('#funnel-body svg rect')).not.toHaveLength(0);
    expect(await page.$$('#alert-rows tr')).not.toHaveLength(0);
    expect(await page.$$('#inbox-list li')).not.toHaveLength(0);
    // The chart drew on its canvas.
    const painted = await page.evaluate(`(() => {
      const c = document.getElementById('trend-chart');
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    })()`);
    expect(painted).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, '02-dashboard-top.png') });
    await shot('02-dashboard');
  });

  it('draws a flow as a diagram with the journeys that reached each step', async () => {
    const tab = page.locator('#flow-tabs [role=tab]', { hasText: 'onboarding' }).first();
    await tab.click();
    await expect(tab.getAttribute('aria-selected')).resolves.toBe('true');
    const diagram = page.locator('#flow-diagram svg[data-flow]');
    await diagram.waitFor();
    const counts = await page.$$eval('#flow-diagram g.node[data-step] .node-count', (nodes) =>
      nodes.map((n) => Number(n.getAttribute('data-count'))),
    );
    expect(counts.length).toBeGreaterThan(5);
    expect(Math.max(...counts)).toBeGreaterThan(0);
    expect(await page.$$('#flow-diagram path.edge')).not.toHaveLength(0);
    await page.locator('#flows').screenshot({ path: join(SCREENSHOTS, '03-flow-diagram.png') });
  });

  it('acknowledges and then resolves an alert from the at-risk queue', async () => {
    const row = page.locator('#alert-rows tr[data-state="open"]').first();
    const id = await row.getAttribute('data-alert');
    expect(id).toBeTruthy();
    await row.locator('button[data-action="acknowledge"]').click();
    await page.fill('#alert-dialog-note', 'Called the customer');
    await page.click('#alert-dialog-confirm');
    const same = page.locator(`#alert-rows tr[data-alert="${id}"]`);
    await page.waitForSelector(`#alert-rows tr[data-alert="${id}"][data-state="acknowledged"]`);
    await page.locator('#alerts').screenshot({ path: join(SCREENSHOTS, '04-alert-acknowledged.png') });

    await same.locator('button[data-action="resolve"]').click();
    await page.fill('#alert-dialog-note', 'Refund agreed');
    await page.click('#alert-dialog-confirm');
    await page.waitForSelector(`#alert-rows tr[data-alert="${id}"]`, { state: 'detached' });

    await page.selectOption('#alert-state', 'resolved');
    await page.waitForSelector(`#alert-rows tr[data-alert="${id}"][data-state="resolved"]`);
    const [alert] = await store.db.dataSource.query(
      `SELECT state, acknowledged_by, resolved_by, resolution_note FROM alerts WHERE id = $1`,
      [id],
    );
    expect(alert).toMatchObject({ state: 'resolved', acknowledged_by: USER, resolved_by: USER });
    await page.selectOption('#alert-state', 'active');
    await page.waitForSelector(`#alerts[data-state="ready"]`);
  });

  it('previews a template in Portuguese', async () => {
    await page.selectOption('#template-id', 'nps-survey');
    await page.selectOption('#template-locale', 'pt');
    await page.click('#template-form button[type=submit]');
    await page.waitForSelector('#template-meta[data-locale="pt"]');
    const frame = page.frameLocator('#template-frame');
    await frame.locator('body').waitFor();
    await page.waitForFunction("document.getElementById('template-frame').src.includes('locale=pt')");
    const element = await page.$('#template-frame');
    const content = await (await element!.contentFrame())!.waitForSelector('body');
    expect(await content.textContent()).toMatch(/recomendaria|Obrigad|Olá/i);
    await page.locator('#templates').screenshot({ path: join(SCREENSHOTS, '05-template-pt.png') });
  });

  it('searches a customer and opens the timeline', async () => {
    const customer = await store.someCustomer();
    await page.fill('#customer-query', customer);
    await page.click('#customer-search button[type=submit]');
    await page.waitForSelector(`#customer-detail ol.timeline[data-customer="${customer}"] li`);
    const kinds = await page.$$eval('#customer-detail ol.timeline li', (items) =>
      items.map((i) => i.getAttribute('data-kind')),
    );
    expect(kinds).toContain('message');
    await page.locator('#customers').screenshot({ path: join(SCREENSHOTS, '06-customer-timeline.png') });
  });

  it('signs out', async () => {
    await page.click('#logout');
    await page.waitForURL(`${store.gatewayUrl}/dashboard/login`);
    await page.goto(`${store.gatewayUrl}/dashboard`);
    expect(page.url()).toBe(`${store.gatewayUrl}/dashboard/login`);
  });
});
