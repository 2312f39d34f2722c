import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { issueToken, Role } from '@pm/identity';
import { ok } from '@pm/testing';
import { type Browser, chromium, type Page, type WebSocketRoute } from 'playwright-core';

import { WEB_DIST } from '../src/web';
import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

/** Debian's Chromium (`.ci/run` installs it), or the one CHROMIUM_PATH names. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const SCREENSHOTS = resolve(__dirname, '../../.jest-results/screenshots');

async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('No Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** The board and the desk in a real browser (issue 15): what a desk clerk and a wall screen see. */
describe('the board and the desk in Chromium', () => {
  let graph: TestGraph;
  let browser: Browser;
  let origin: string;
  let propertyId: string;
  let units: { id: string; code: string }[];
  let owners: { id: string }[];
  const token = (role: Role, claims: Record<string, unknown> = {}) =>
    issueToken({ sub: `browser-${role.toLowerCase()}`, name: role === Role.FRONT_DESK ? '王芳' : '李强', roles: [role], propertyIds: [propertyId], ...claims }, TEST_JWT_SECRET);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  async function openBoard(credential: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${origin}/board#token=${credential}`);
    await page.waitForSelector('#status[data-state="online"]', { timeout: 10_000 });
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'board.html'))) throw new Error('The web pages are not built: npx nx run web:build');
    mkdirSync(SCREENSHOTS, { recursive: true });
    graph = await startTestGraph();
    origin = graph.url.replace(/\/graphql$/, '');
    ({ propertyId, units } = await createTestProperty(graph, 3));
    owners = [await createTestResident(graph, units[0].id, '甲业主'), await createTestResident(graph, units[1].id, '乙业主')];
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
  });

  it('a ticket opened at the desk is on the board within 1 s; dispatched, its card moves column', async () => {
    const board = await openBoard(token(Role.SUPERVISOR));
    const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await desk.goto(`${origin}/desk#token=${token(Role.FRONT_DESK)}`);
    await desk.fill('#find [name=code]', units[0].code);
    await desk.click('#find button');
    await desk.waitForSelector('#open:not([hidden])');
    await desk.selectOption('#open [name=reporterId]', owners[0].id);
    await desk.selectOption('#open [name=kind]', 'REPAIR');
    await desk.fill('#open [name=title]', '厨房水管漏水');
    await shot(desk, 'desk-open-ticket');
    await desk.click('#open button[type=submit]');
    const registered = await desk.waitForSelector('.banner.ok');
    const number = (await registered.textContent())!.split(' ')[0];
    expect(number).toMatch(/^GD-\d{8}-\d{5}$/);

    const seen = Date.now();
    await board.waitForSelector(`[data-column="NEW"] [data-ticket="${number}"]`, { timeout: 1000 });
    expect(Date.now() - seen).toBeLessThan(1000);
    expect(await board.textContent(`[data-ticket="${number}"]`)).toContain(units[0].code);
    await shot(board, 'board-new-ticket');

    // Dispatched at the desk: the card moves to the DISPATCHED column.
    await desk.waitForSelector(`tr[data-ticket="${number}"] button`);
    await desk.click(`tr[data-ticket="${number}"] button`);
    await board.waitForSelector(`[data-column="DISPATCHED"] [data-ticket="${number}"]`, { timeout: 1000 });
    await shot(board, 'board-dispatched');
    await shot(desk, 'desk-queue');

    // An error the graph returns is shown next to its field.
    await desk.fill('#open [name=title]', '   ');
    await desk.click('#open button[type=submit]');
    await desk.waitForSelector('[data-error="title"]:not(:empty)');
  });

  it('a property with more open tickets than one page: the board shows every one and its true counts (a smaller one what is due first), the desk counts them all, due first, and reads the next with More', async () => {
    const { propertyId: busy, units: [unit] } = await createTestProperty(graph, 1);
    const open = graph.as(Role.FRONT_DESK, { propertyIds: [busy] });
    const numbers: string[] = [];
    for (let i = 0; i < 230; i += 23) {
      const batch = await Promise.all(Array.from({ length: 23 }, (_, j) => open<{ openTicket: { number: string } }>(
        'mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }',
        { input: { propertyId: busy, unitId: unit.id, kind: 'REPAIR', channel: 'PHONE', title: `积压报修 ${i + j}` } },
      )));
      numbers.push(...batch.map((r) => ok(r).openTicket.number));
    }
    const oldest = [...numbers].sort()[0];
    // The board used to read only the newest 200: the oldest open tickets, nearest their deadlines, were missing.
    const board = await openBoard(token(Role.SUPERVISOR, { propertyIds: [busy] }));
    await board.waitForSelector(`[data-column="NEW"] [data-ticket="${oldest}"]`, { timeout: 10_000 });
    expect(await board.textContent('[data-column="NEW"] .count')).toBe('230');
    expect(await board.textContent('#total')).toBe('230 未结工单');
    expect(await board.locator('[data-column="NEW"] .card').count()).toBe(230);
    // A board that holds fewer (here 100, `?max=100`; 2,000 by default) shows what is due first and says so.
    const small = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await small.goto(`${origin}/board?max=100#token=${token(Role.SUPERVISOR, { propertyIds: [busy] })}`);
    await small.waitForSelector('#total:has-text("显示最紧急 100 / 230 未结工单")', { timeout: 10_000 });
    expect(await small.locator('[data-column="NEW"] .card').count()).toBe(100);
    expect(await small.locator(`[data-ticket="${oldest}"]`).count()).toBe(1);
    expect(await small.locator(`[data-ticket="${[...numbers].sort().at(-1)}"]`).count()).toBe(0);

    const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await desk.goto(`${origin}/desk#token=${token(Role.FRONT_DESK, { propertyIds: [busy] })}`);
    await desk.waitForSelector('#queue-total:has-text("50 / 230")');
    expect(await desk.locator('#queue tr').count()).toBe(50);
    // What is due first: the oldest, whose dispatch is due soonest.
    expect(await desk.locator(`#queue tr[data-ticket="${oldest}"]`).count()).toBe(1);
    await desk.click('#queue-more');
    await desk.waitForSelector('#queue-total:has-text("100 / 230")');
    expect(await desk.locator('#queue tr').count()).toBe(100);
    await shot(desk, 'desk-queue-more');
  }, 120_000);

  it('two clerks at the desk: what one registers or dispatches shows in the other’s queue without a reload', async () => {
    const { propertyId: shared, units: [unit] } = await createTestProperty(graph, 1);
    const clerk = (name: string) => token(Role.FRONT_DESK, { propertyIds: [shared], sub: `browser-${name}`, name });
    const openDesk = async (name: string) => {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${origin}/desk#token=${clerk(name)}`);
      await page.waitForSelector('#queue-total:has-text("0 / 0")');
      return page;
    };
    const [first, second] = [await openDesk('王芳'), await openDesk('赵敏')];
    // Registered by a third party (the graph directly): both queues show it.
    const { openTicket } = ok(await graph.as(Role.FRONT_DESK, { propertyIds: [shared] })<{ openTicket: { number: string } }>(
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }',
      { input: { propertyId: shared, unitId: unit.id, kind: 'REPAIR', channel: 'PHONE', title: '楼道灯不亮' } },
    ));
    for (const page of [first, second]) await page.waitForSelector(`tr[data-ticket="${openTicket.number}"]`, { timeout: 5000 });
    // Dispatched by the first clerk: the second's row changes status.
    await first.click(`tr[data-ticket="${openTicket.number}"] button`);
    await second.waitForSelector(`tr[data-ticket="${openTicket.number}"]:has-text("${'已派单'}")`, { timeout: 5000 });
    await shot(second, 'desk-queue-live');
  });

  it('an emergency repair shows on the supervisor’s board as a notice over the columns', async () => {
    const board = await openBoard(token(Role.SUPERVISOR));
    const { openTicket } = ok(await graph.as(Role.FRONT_DESK)<{ openTicket: { number: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '楼道水管爆裂', urgency: 'EMERGENCY', unitId: units[2].id },
    }));
    await board.waitForSelector(`#notices:not([hidden]) .notice:has-text("${openTicket.number}")`, { timeout: 10_000 });
    expect(await board.textContent('#notices')).toContain('紧急报修');
    await shot(board, 'board-notice');
  });

  it("a resident's board shows their own unit's tickets and never another unit's", async () => {
    const resident = await openBoard(token(Role.RESIDENT, { residentId: owners[1].id, unitIds: [units[1].id] }));
    const manager = graph.as(Role.PROJECT_MANAGER);
    const open = (unitId: string, reporterId: string, title: string) => manager<{ openTicket: { number: string } }>(
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }', { input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title, unitId, reporterId } });
    const theirs = ok(await open(units[1].id, owners[1].id, '阳台灯不亮')).openTicket.number;
    const neighbours = ok(await open(units[0].id, owners[0].id, '邻居的工单')).openTicket.number;
    await resident.waitForSelector(`[data-ticket="${theirs}"]`, { timeout: 2000 });
    await resident.waitForTimeout(500);
    expect(await resident.$(`[data-ticket="${neighbours}"]`)).toBeNull();
    expect(await resident.textContent('#columns')).not.toContain(units[0].code);
    await shot(resident, 'board-resident');
  });

  it('the explorer: GraphiQL served by the gateway (nothing from a CDN), signed in, runs a query', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) elsewhere.push(request.url());
    });
    await page.goto(`${origin}/explorer#token=${token(Role.FRONT_DESK)}`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 10_000 });
    await page.click('.graphiql-execute-button');
    const { property } = ok(await graph.as(Role.PROJECT_MANAGER)<{ property: { name: string } }>('query($id: ID!) { property(id: $id) { name } }', { id: propertyId }));
    await page.locator('.graphiql-response').getByText(property.name).waitFor({ timeout: 10_000 });
    await shot(page, 'explorer');
    expect(elsewhere).toEqual([]);
    // A browser opening the endpoint itself lands here too.
    await page.goto(`${origin}/graphql`);
    expect(new URL(page.url()).pathname).toBe('/explorer');
  });

  it('a refused token says so instead of retrying for ever', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/board#token=not.a.token`);
    await page.waitForSelector('#signin[open]');
    expect(await page.textContent('#signin-error')).not.toBe('');
  });
});

/** A board offline for longer than the gateway will replay (MAX_REPLAY 2 here). */
describe('a board back from a long outage in Chromium', () => {
  let graph: TestGraph;
  let browser: Browser;

  beforeAll(async () => {
    graph = await startTestGraph({ MAX_REPLAY: '2' });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
  });

  it('is refused the replay of what it missed, reads itself afresh and shows every change', async () => {
    const { propertyId, units: [unit] } = await createTestProperty(graph, 1);
    const claims = { propertyIds: [propertyId] };
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const board = await context.newPage();
    // The outage: while `down`, every socket of the page is closed and new ones with it.
    let down = false;
    const sockets = new Set<WebSocketRoute>();
    await board.routeWebSocket(/\/graphql$/, (ws) => {
      if (down) return ws.close({ code: 4000, reason: 'outage' });
      ws.connectToServer();
      sockets.add(ws);
    });
    await board.goto(`${graph.url.replace(/\/graphql$/, '')}/board#token=${issueToken({ sub: 'browser-outage', name: '李强', roles: [Role.SUPERVISOR], ...claims }, TEST_JWT_SECRET)}`);
    await board.waitForSelector('#status[data-state="online"]', { timeout: 10_000 });

    down = true;
    for (const ws of sockets) await ws.close({ code: 4000, reason: 'outage' });
    await board.waitForSelector('#status[data-state="offline"]', { timeout: 10_000 });
    const open = graph.as(Role.FRONT_DESK, claims);
    const numbers: string[] = [];
    for (const title of ['停电一', '停电二', '停电三', '停电四']) {
      numbers.push(ok(await open<{ openTicket: { number: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }', { input: { propertyId, unitId: unit.id, kind: 'REPAIR', channel: 'PHONE', title } })).openTicket.number);
    }
    down = false;
    for (const number of numbers) await board.waitForSelector(`[data-column="NEW"] [data-ticket="${number}"]`, { timeout: 15_000 });
    await board.waitForSelector('#status[data-state="online"]', { timeout: 10_000 });
    // And live again afterwards.
    const { openTicket } = ok(await open<{ openTicket: { number: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }', { input: { propertyId, unitId: unit.id, kind: 'REPAIR', channel: 'PHONE', title: '恢复后' } }));
    await board.waitForSelector(`[data-ticket="${openTicket.number}"]`, { timeout: 5_000 });
    await context.close();
  }, 60_000);
});
