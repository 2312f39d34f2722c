import './styles.css';

import { type Client, createClient } from 'graphql-ws';

import { type BoardChangesSubscription, type BoardQuery, type CardFragment, type Department, type NoticesQuery, type PropertiesQuery } from './generated/graphql';
import { BOARD_CHANGES, BOARD_TICKETS, NOTICES, PROPERTIES } from './operations';
import { askForCredentials, currentLang, type Credentials, graphql, GraphQLRequestError, h, label, loadCredentials, localTime, saveCredentials, setLang, socketOptions } from './common';

/** The wall board (工单看板): open tickets by status, live over graphql-ws, with SLA countdowns. */

const COLUMNS = ['NEW', 'DISPATCHED', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED'] as const;
/** Amber this long before a deadline. */
const WARN_MS = 30 * 60_000;
/**
 * Open tickets one board loads at most: 2,000, or fewer with `?max=` in its address (a small
 * screen). Every open ticket up to this is on the board (a page of 200 at a time, what is due
 * first), so each column's count is the whole count; past it the board shows the most urgent and
 * says how many there are (a screen of thousands of cards would not be read anyway).
 */
const BOARD_MAX = Math.min(2000, Math.max(1, Number(new URLSearchParams(location.search).get('max')) || 2000));
const BOARD_PAGE = 200;

type Card = CardFragment;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const tickets = new Map<string, Card>();
const filters = { building: '', department: '', kind: '' };
let credentials: Credentials | null = loadCredentials();
let propertyId = new URLSearchParams(location.search).get('propertyId') ?? '';
let lastCursor: string | undefined;
/** Whether the board has read its property's tickets since it was chosen (follow reads them on the first connection). */
let loaded = false;
/** Open tickets of the property when the board loaded (totalCount) if it loaded only the newest BOARD_MAX of them; else null. */
let cappedAt: number | null = null;
let client: Client | undefined;
let retryMs = 500;
let stopped = false;

/** The deadline a card is racing now, by its status; none while on hold (the clock is paused). */
export function nextDeadline(card: Card): string | null {
  switch (card.status) {
    case 'NEW': return card.sla.dispatchBy ?? card.sla.resolveBy;
    case 'DISPATCHED': return card.sla.respondBy ?? card.sla.resolveBy;
    case 'IN_PROGRESS': return card.sla.resolveBy;
    case 'RESOLVED': return card.sla.callbackBy;
    default: return null;
  }
}

function countdown(deadline: string | null, now: number): { text: string; level: 'ok' | 'warn' | 'late' | 'paused' } {
  if (!deadline) return { text: label('paused'), level: 'paused' };
  const left = Date.parse(deadline) - now;
  const abs = Math.abs(left);
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = Math.floor((abs % 60_000) / 1000);
  const span = hours ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  if (left < 0) return { text: `${label('overdue')} ${span}`, level: 'late' };
  return { text: span, level: left < WARN_MS ? 'warn' : 'ok' };
}

const visible = (card: Card) =>
  COLUMNS.includes(card.status as (typeof COLUMNS)[number]) &&
  (!filters.building || card.unit?.building?.name === filters.building) &&
  (!filters.department || card.department === filters.department) &&
  (!filters.kind || card.kind === filters.kind);

function renderCard(card: Card, now: number): HTMLElement {
  const due = countdown(nextDeadline(card), now);
  const tag = card.urgency === 'EMERGENCY' ? label('EMERGENCY') : card.severity ? label(card.severity) : null;
  return h('article', { class: `card ${due.level}${card.sla.breached ? ' breached' : ''}`, 'data-ticket': card.number, 'data-status': card.status },
    h('div', { class: 'card-head' }, h('strong', {}, card.number), h('span', { class: `kind kind-${card.kind}` }, label(card.kind)), tag ? h('span', { class: 'tag' }, tag) : null),
    h('div', { class: 'title' }, card.title),
    h('div', { class: 'meta' }, card.unit ? h('span', { class: 'unit' }, card.unit.code) : null, card.reporter ? h('span', {}, card.reporter.name) : null,
      card.department ? h('span', {}, `${label(card.department)}${card.assignee ? ` · ${card.assignee}` : ''}`) : null),
    h('div', { class: 'due', 'data-deadline': nextDeadline(card) ?? '' }, due.text, h('span', { class: 'since' }, localTime(card.createdAt))));
}

function render(): void {
  const now = Date.now();
  const columns = $('columns');
  columns.replaceChildren(...COLUMNS.map((status) => {
    const cards = [...tickets.values()].filter((c) => c.status === status && visible(c)).sort((a, b) => (nextDeadline(a) ?? '9').localeCompare(nextDeadline(b) ?? '9'));
    return h('section', { class: 'column', 'data-column': status }, h('h2', {}, `${label(status)} `, h('span', { class: 'count' }, String(cards.length))), ...cards.map((c) => renderCard(c, now)));
  }));
  renderFilters();
  const open = [...tickets.values()].filter((c) => COLUMNS.includes(c.status as (typeof COLUMNS)[number])).length;
  $('total').textContent = cappedAt === null ? `${open} ${label('openTickets')}` : `${label('shownOf')} ${open} / ${cappedAt} ${label('openTickets')}`;
}

function options(select: HTMLSelectElement, values: string[], current: string, title: string): void {
  const chosen = current;
  select.replaceChildren(h('option', { value: '' }, `${title}: ${label('all')}`), ...values.map((v) => h('option', { value: v, selected: v === chosen }, label(v))));
}

function renderFilters(): void {
  const all = [...tickets.values()];
  options($('building'), [...new Set(all.map((c) => c.unit?.building?.name).filter((b): b is string => !!b))].sort(), filters.building, label('building'));
  options($('department'), [...new Set(all.map((c) => c.department).filter((d): d is Department => !!d))].sort(), filters.department, label('department'));
  options($('kind'), [...new Set(all.map((c) => c.kind))].sort(), filters.kind, label('kind'));
}

/** Countdowns tick every second without rebuilding the board. */
function tick(): void {
  const now = Date.now();
  $('clock').textContent = localTime(new Date(now).toISOString()).slice(6);
  for (const el of document.querySelectorAll<HTMLElement>('.card .due')) {
    const due = countdown(el.dataset.deadline || null, now);
    el.firstChild!.textContent = due.text;
    const card = el.closest('.card')!;
    card.classList.remove('ok', 'warn', 'late', 'paused');
    card.classList.add(due.level);
  }
}

function setOnline(online: boolean, text?: string): void {
  const status = $('status');
  status.dataset.state = online ? 'online' : 'offline';
  status.textContent = text ?? label(online ? 'online' : 'offline');
}

async function load(): Promise<void> {
  const { properties } = await graphql<PropertiesQuery>(credentials!, PROPERTIES);
  if (!propertyId || !properties.some((p) => p.id === propertyId)) propertyId = properties[0]?.id ?? '';
  const select = $<HTMLSelectElement>('property');
  select.replaceChildren(...properties.map((p) => h('option', { value: p.id, selected: p.id === propertyId }, p.name)));
  if (!propertyId) return;
  tickets.clear();
  let after: string | null = null;
  let openTotal = 0;
  do {
    const { tickets: page }: BoardQuery = await graphql<BoardQuery>(credentials!, BOARD_TICKETS, { p: propertyId, first: Math.min(BOARD_PAGE, BOARD_MAX - tickets.size), after });
    openTotal = page.totalCount;
    for (const { node } of page.edges) tickets.set(node.id, node);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor ?? null : null;
  } while (after && tickets.size < BOARD_MAX);
  cappedAt = after ? openTotal : null;
  render();
  void loadNotices();
}

/**
 * The notices for the caller's roles (an SLA breach, an escalated complaint, an emergency repair…)
 * over the columns. A caller who may not read them (an API key) just does not see the strip.
 */
async function loadNotices(): Promise<void> {
  const strip = $('notices');
  try {
    const { notifications } = await graphql<NoticesQuery>(credentials!, NOTICES, { p: propertyId });
    strip.replaceChildren(h('strong', {}, label('notices')), ...notifications.map((n) => h('span', { class: 'notice' }, h('time', {}, localTime(n.createdAt)), n.subject)));
    strip.hidden = notifications.length === 0;
  } catch {
    strip.hidden = true;
  }
}

let noticesTimer: ReturnType<typeof setTimeout> | undefined;
/** A change may bring a notice a moment later (it is written by the consumer of its event). */
function refreshNoticesSoon(): void {
  clearTimeout(noticesTimer);
  noticesTimer = setTimeout(() => void loadNotices(), 1500);
}

/**
 * graphql-ws with our own reconnect. The gateway's acknowledgement of a connection carries the
 * feed's position: a board not read yet reads its tickets, then subscribes after that position, so
 * a change made while it reads is replayed, never lost; a board reconnecting resumes after the last
 * change (or position) it saw, missing nothing. A resume the gateway refuses (more than MAX_REPLAY
 * changes behind) reads the board afresh.
 */
function connect(): void {
  const own = createClient({
    ...socketOptions(credentials!),
    lazy: false,
    retryAttempts: 0,
    on: {
      connected: (_socket, payload) => {
        retryMs = 500;
        if (client === own) void follow(own, (payload as { cursor?: string } | undefined)?.cursor);
      },
      closed: (event) => {
        if (client !== own) return; // replaced (another property chosen)
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4401 || code === 4403) {
          stopped = true;
          client = undefined;
          setOnline(false, label('refused'));
          return signIn(label('refused'));
        }
        setOnline(false);
        if (!stopped) setTimeout(connect, (retryMs = Math.min(retryMs * 2, 10_000)));
      },
    },
  });
  client = own;
}

/** Starts over on a new connection: the board read again after its position. */
function reconnectAfresh(own: Client): void {
  if (client !== own) return;
  loaded = false;
  lastCursor = undefined;
  client = undefined;
  void own.dispose();
  setTimeout(connect, (retryMs = Math.min(retryMs * 2, 10_000)));
}

async function follow(own: Client, position: string | undefined): Promise<void> {
  if (!loaded) {
    try {
      await load();
    } catch (error) {
      if (error instanceof GraphQLRequestError && error.status === 401) {
        stopped = true;
        client = undefined;
        void own.dispose();
        return signIn(label('refused'));
      }
      setOnline(false, String(error));
      return reconnectAfresh(own);
    }
    if (client !== own) return;
    loaded = true;
    lastCursor = position;
  }
  own.subscribe<BoardChangesSubscription>(
    { query: BOARD_CHANGES, variables: { f: { propertyId }, after: lastCursor } },
    {
      next: ({ data, errors }) => {
        // Refused (`after` more than MAX_REPLAY changes behind, answered as errors and the end of
        // the subscription): the board reads itself afresh on a new connection.
        if (!data) return void (errors?.length && reconnectAfresh(own));
        lastCursor = data.ticketChanged.cursor;
        tickets.set(data.ticketChanged.ticket.id, data.ticketChanged.ticket);
        render();
        refreshNoticesSoon();
      },
      // An error sent as such, likewise; a closed socket is `closed`'s to handle (it resumes after the last change).
      error: (error) => {
        if (Array.isArray(error)) reconnectAfresh(own);
      },
      complete: () => undefined,
    },
  );
  setOnline(true);
}

function start(): void {
  if (!credentials) return signIn();
  stopped = false;
  connect();
}

function signIn(problem = ''): void {
  askForCredentials((signedIn) => {
    credentials = signedIn;
    start();
  }, problem);
}

function applyLabels(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-label]')) el.textContent = label(el.dataset.label!);
  $('lang').textContent = currentLang() === 'zh' ? 'EN' : '中文';
  document.title = `${label('board')} · PM`;
}

for (const key of ['building', 'department', 'kind'] as const) {
  $<HTMLSelectElement>(key).addEventListener('change', (e) => { filters[key] = (e.target as HTMLSelectElement).value; render(); });
}
$<HTMLSelectElement>('property').addEventListener('change', (e) => {
  propertyId = (e.target as HTMLSelectElement).value;
  loaded = false;
  lastCursor = undefined;
  const previous = client;
  client = undefined;
  void previous?.dispose();
  connect();
});
$('lang').addEventListener('click', () => { setLang(currentLang() === 'zh' ? 'en' : 'zh'); applyLabels(); render(); });
$('signout').addEventListener('click', () => { saveCredentials(null); location.reload(); });
applyLabels();
setOnline(false);
setInterval(tick, 1000);
setInterval(() => { if (credentials && propertyId) void loadNotices(); }, 60_000);
start();
