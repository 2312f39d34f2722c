import './styles.css';

import { type Client, createClient } from 'graphql-ws';

import { type CatalogueQuery, type DetailQuery, type OpenMutation, type PropertiesQuery, type QueueQuery, type RowFragment, type UnitByCodeQuery } from './generated/graphql';
import { CALLBACK, CATALOGUE, DESK_CHANGES, DISPATCH, HOLD, OPEN_TICKET, PROPERTIES, QUEUE, RESOLVE, START, TICKET_DETAIL, UNIT_BY_CODE } from './operations';
import { askForCredentials, currentLang, type Credentials, graphql, GraphQLRequestError, h, label, loadCredentials, localTime, saveCredentials, setLang, socketOptions, tokenClaims } from './common';

/** The front desk (客服前台): find a unit, register a ticket for one of its residents, work the day's queue. */

const KINDS = ['REPAIR', 'COMPLAINT', 'REQUEST', 'SUGGESTION', 'INQUIRY'];
const CHANNELS = ['PHONE', 'VISIT', 'APP', 'LETTER'];
const DEPARTMENTS = ['ENGINEERING', 'SECURITY', 'CLEANING', 'LANDSCAPING', 'CUSTOMER_SERVICE'];

type Row = RowFragment;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let credentials: Credentials | null = loadCredentials();
let propertyId = '';
let unit: { id: string; code: string } | null = null;
let selected: string | null = null;

function banner(kind: 'ok' | 'error', text: string): void {
  $('banner').replaceChildren(h('div', { class: `banner ${kind}` }, text));
}

/** Each error the graph returns next to the field it names (`extensions.field`), else in the banner. */
function showErrors(form: HTMLElement, error: unknown): void {
  for (const el of form.querySelectorAll<HTMLElement>('[data-error]')) el.textContent = '';
  if (!(error instanceof GraphQLRequestError)) return banner('error', String(error));
  const unplaced: string[] = [];
  for (const e of error.errors) {
    const field = e.field?.split('.').pop();
    const slot = field ? form.querySelector<HTMLElement>(`[data-error="${field}"]`) : null;
    if (slot) slot.textContent = e.message;
    else unplaced.push(e.reason ? `${e.reason}: ${e.message}` : e.message);
  }
  if (unplaced.length) banner('error', unplaced.join('; '));
}

const select = (name: string, values: string[]) =>
  (document.querySelector<HTMLSelectElement>(`#open [name=${name}]`)!).replaceChildren(...values.map((v) => h('option', { value: v }, `${label(v)} (${v})`)));

async function findUnit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const code = (new FormData(form).get('code') as string).trim();
  try {
    const { unitByCode } = await graphql<UnitByCodeQuery>(credentials!, UNIT_BY_CODE, { p: propertyId, c: code });
    if (!unitByCode) {
      form.querySelector<HTMLElement>('[data-error="code"]')!.textContent = `${code}: 未找到 / not found`;
      return;
    }
    form.querySelector<HTMLElement>('[data-error="code"]')!.textContent = '';
    unit = unitByCode;
    const open = $<HTMLFormElement>('open');
    open.hidden = false;
    $('unit-line').textContent = `${unitByCode.code} · ${unitByCode.occupancy}`;
    open.querySelector<HTMLSelectElement>('[name=reporterId]')!.replaceChildren(h('option', { value: '' }, '—'), ...unitByCode.residents.map((r) => h('option', { value: r.id }, `${r.name} (${label(r.kind)})`)));
  } catch (error) {
    showErrors(form, error);
  }
}

/** A UUID (v4) for a request; `crypto.randomUUID` exists only on https and localhost, a desk may be on plain http. */
function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Kept until the ticket is registered: submitting again after a lost answer returns that ticket, never a second one. */
let openRequestId = newRequestId();

async function openTicket(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
  const input = {
    propertyId, unitId: unit!.id, kind: data.kind, channel: data.channel, title: data.title, description: data.description || undefined,
    reporterId: data.reporterId || undefined, urgency: data.urgency || undefined, serviceCode: data.serviceCode || undefined, requestId: openRequestId,
  };
  try {
    const { openTicket } = await graphql<OpenMutation>(credentials!, OPEN_TICKET, { input });
    openRequestId = newRequestId();
    showErrors(form, null);
    banner('ok', `${openTicket.number} 已受理 / registered`);
    form.reset();
    await loadQueue();
  } catch (error) {
    showErrors(form, error);
  }
}

async function act(id: string, mutation: string, variables: Record<string, unknown> = {}): Promise<void> {
  try {
    await graphql(credentials!, mutation, { id, ...variables });
    await loadQueue();
    await showDetail(id);
  } catch (error) {
    showErrors($('banner'), error);
  }
}

/** The buttons a ticket's status allows (the graph refuses the rest with CONFLICT INVALID_TRANSITION). */
function actions(row: Row): HTMLElement {
  const department = h('select', {}, ...DEPARTMENTS.map((d) => h('option', { value: d }, label(d))));
  const buttons: (HTMLElement | null)[] = [];
  const button = (text: string, run: () => void) => {
    const b = h('button', { type: 'button' }, text);
    b.addEventListener('click', (e) => { e.stopPropagation(); run(); });
    return b;
  };
  if (row.status === 'NEW') buttons.push(department, button('派单 Dispatch', () => void act(row.id, DISPATCH, { d: department.value })));
  if (row.status === 'DISPATCHED' || row.status === 'ON_HOLD') buttons.push(button('开始 Start', () => void act(row.id, START)));
  if (row.status === 'IN_PROGRESS') {
    buttons.push(button('预约 Hold', () => void act(row.id, HOLD, { until: new Date(Date.now() + 86_400_000).toISOString() })));
    buttons.push(button('完成 Resolve', () => void act(row.id, RESOLVE, { note: '处理完成' })));
  }
  if (row.status === 'RESOLVED') {
    const satisfaction = h('select', {}, ...['SATISFIED', 'FAIRLY_SATISFIED', 'DISSATISFIED'].map((s) => h('option', { value: s }, label(s))));
    buttons.push(satisfaction, button('回访 Callback', () => void act(row.id, CALLBACK, { s: satisfaction.value })));
  }
  return h('div', { class: 'actions' }, ...buttons);
}

/** Rows the queue shows at first and adds with each "More". */
const QUEUE_PAGE = 50;
/** Rows the clerk has asked to see: a refresh after an action shows as many again. */
let queueWanted = QUEUE_PAGE;

/**
 * The open tickets, the most overdue first, then the soonest due, those on hold last (orderBy: DUE),
 * QUEUE_PAGE at a time: the count says how many there are, "More" reads the next ones.
 */
async function loadQueue(): Promise<void> {
  const rows: Row[] = [];
  let after: string | null = null;
  let total = 0;
  let more = false;
  do {
    const { tickets }: QueueQuery = await graphql<QueueQuery>(credentials!, QUEUE, { p: propertyId, first: Math.min(QUEUE_PAGE, queueWanted - rows.length), after });
    total = tickets.totalCount;
    rows.push(...tickets.edges.map((e) => e.node));
    more = tickets.pageInfo.hasNextPage;
    after = more ? tickets.pageInfo.endCursor ?? null : null;
  } while (after && rows.length < queueWanted);
  $('queue-total').textContent = `${rows.length} / ${total} ${label('openTickets')}`;
  $('queue-more').hidden = !more;
  $('queue').replaceChildren(...rows.map((node) => {
    const tr = h('tr', { class: node.id === selected ? 'selected' : undefined, 'data-ticket': node.number },
      h('td', {}, node.number), h('td', {}, node.unit?.code ?? ''), h('td', {}, `${label(node.kind)} · ${node.title}`),
      h('td', {}, `${label(node.status)}${node.department ? ` · ${label(node.department)}` : ''}`),
      h('td', {}, `${node.sla.breached ? `⚠ ${label('overdue')} ` : ''}${node.dueAt ? localTime(node.dueAt) : ''}`),
      h('td', {}, actions(node)));
    tr.addEventListener('click', () => void showDetail(node.id));
    return tr;
  }));
}

async function showDetail(id: string): Promise<void> {
  selected = id;
  const { ticket } = await graphql<DetailQuery>(credentials!, TICKET_DETAIL, { id });
  if (!ticket) return;
  const { sla } = ticket;
  const deadlines = ([['dispatchBy', sla.dispatchBy], ['respondBy', sla.respondBy], ['resolveBy', sla.resolveBy], ['callbackBy', sla.callbackBy]] as const).filter(([, at]) => at);
  $('detail').replaceChildren(h('h3', {}, `${ticket.number} ${ticket.title}`),
    h('ul', { class: 'history' }, ...ticket.history.map((t) => h('li', {}, `${localTime(t.at)} ${label(t.from) || '—'} → ${label(t.to)} · ${t.by}${t.note ? ` · ${t.note}` : ''}`))),
    h('p', {}, `SLA: ${deadlines.map(([name, at]) => `${name} ${localTime(at)}`).join(' · ')}${sla.breached ? ` · ⚠ ${sla.breaches.join(', ')}` : ''}`));
}

async function start(): Promise<void> {
  if (!credentials) return signIn();
  try {
    const { properties } = await graphql<PropertiesQuery>(credentials, PROPERTIES);
    propertyId = properties[0]?.id ?? '';
    $<HTMLSelectElement>('property').replaceChildren(...properties.map((p) => h('option', { value: p.id }, p.name)));
    $('who').textContent = tokenClaims(credentials).name ?? '';
    select('kind', KINDS);
    select('channel', CHANNELS);
    const { serviceCatalogue } = await graphql<CatalogueQuery>(credentials, CATALOGUE, { p: propertyId });
    document.querySelector<HTMLSelectElement>('#open [name=serviceCode]')!.append(...serviceCatalogue.map((s) => h('option', { value: s.code }, `${s.code} ${s.name} ¥${(s.priceFen / 100).toFixed(2)}`)));
    await loadQueue();
    followChanges();
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.status === 401) return signIn(label('refused'));
    banner('error', String(error));
  }
}

/** Reads the queue again a moment after the last of a run of changes (a dispatch is several). */
const REFRESH_MS = 300;
let changes: Client | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let retryMs = 500;

/** A refresh waiting for the clerk to leave the queue's controls (a department being chosen is not swept away). */
let refreshWaiting = false;

function refreshSoon(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshWaiting = $('queue').contains(document.activeElement);
    if (!refreshWaiting) void loadQueue().catch(() => undefined);
  }, REFRESH_MS);
}

/**
 * The queue follows the property's ticket changes (a colleague's registration or dispatch shows
 * without a reload): each change, and each reconnection, reads it again.
 */
function followChanges(): void {
  const own = createClient({
    ...socketOptions(credentials!),
    lazy: false,
    retryAttempts: 0,
    on: {
      connected: (_socket, _payload, wasRetry) => {
        retryMs = 500;
        if (wasRetry) refreshSoon();
      },
      closed: (event) => {
        if (changes !== own) return;
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4401 || code === 4403) return;
        setTimeout(() => { if (changes === own) { refreshSoon(); followChanges(); } }, (retryMs = Math.min(retryMs * 2, 10_000)));
      },
    },
  });
  changes = own;
  own.subscribe({ query: DESK_CHANGES, variables: { f: { propertyId } } }, { next: refreshSoon, error: () => undefined, complete: () => undefined });
}

function switchProperty(id: string): void {
  propertyId = id;
  queueWanted = QUEUE_PAGE;
  const previous = changes;
  changes = undefined;
  void previous?.dispose();
  void loadQueue();
  followChanges();
}

function signIn(problem = ''): void {
  askForCredentials((signedIn) => {
    credentials = signedIn;
    void start();
  }, problem);
}

$<HTMLFormElement>('find').addEventListener('submit', (e) => void findUnit(e));
$<HTMLFormElement>('open').addEventListener('submit', (e) => void openTicket(e));
$<HTMLSelectElement>('property').addEventListener('change', (e) => switchProperty((e.target as HTMLSelectElement).value));
$('queue').addEventListener('focusout', () => { if (refreshWaiting) refreshSoon(); });
$('queue-more').addEventListener('click', () => { queueWanted += QUEUE_PAGE; void loadQueue(); });
$('lang').addEventListener('click', () => { setLang(currentLang() === 'zh' ? 'en' : 'zh'); location.reload(); });
$('signout').addEventListener('click', () => { saveCredentials(null); location.reload(); });
for (const el of document.querySelectorAll<HTMLElement>('[data-label]')) el.textContent = label(el.dataset.label!);
$('lang').textContent = currentLang() === 'zh' ? 'EN' : '中文';
void start();
