/** What every page shares: the caller's credentials, GraphQL over HTTP, labels in two languages. */

export interface Credentials {
  token?: string;
  apiKey?: string;
}

const STORE = 'pm.credentials';

/** From the address (`#token=…` or `#key=…`, as `npm start` prints it), else what this browser remembered. */
export function loadCredentials(): Credentials | null {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('token') ? { token: hash.get('token')! } : hash.get('key') ? { apiKey: hash.get('key')! } : null;
  if (fromHash) {
    saveCredentials(fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  const stored = localStorage.getItem(STORE);
  return stored ? (JSON.parse(stored) as Credentials) : null;
}

export function saveCredentials(credentials: Credentials | null): void {
  if (credentials) localStorage.setItem(STORE, JSON.stringify(credentials));
  else localStorage.removeItem(STORE);
}

/** Pasted text: a JWT (three dot-separated parts) or an API key (`pmk_…`). */
export function parseCredential(text: string): Credentials | null {
  const value = text.trim().replace(/^Bearer\s+/i, '');
  if (/^pmk_/.test(value)) return { apiKey: value };
  if (value.split('.').length === 3) return { token: value };
  return null;
}

export function authHeaders(credentials: Credentials): Record<string, string> {
  return credentials.token ? { authorization: `Bearer ${credentials.token}` } : { 'x-api-key': credentials.apiKey! };
}

/** Who the token says the caller is (display only: the gateway checks it). */
/** The gateway's graphql-ws endpoint (this page's origin) and the credentials its `connection_init` carries. */
export function socketOptions(credentials: Credentials): { url: string; connectionParams: Record<string, string> } {
  return {
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: credentials.token ? { authorization: `Bearer ${credentials.token}` } : { 'x-api-key': credentials.apiKey! },
  };
}

export function tokenClaims(credentials: Credentials): { name?: string; roles?: string[]; propertyIds?: string[] } {
  if (!credentials.token) return {};
  try {
    const bytes = Uint8Array.from(atob(credentials.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

export interface GraphQLFailure {
  message: string;
  code?: string;
  field?: string;
  reason?: string;
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLFailure[], readonly status: number) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Runs an operation against the gateway as the caller; throws GraphQLRequestError with the errors as the graph returned them. */
export async function graphql<T>(credentials: Credentials, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(credentials) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  if (body.errors?.length || !body.data) {
    const errors = (body.errors ?? [{ message: `HTTP ${response.status}` }]).map((e) => ({
      message: e.message, code: e.extensions?.code as string | undefined, field: e.extensions?.field as string | undefined, reason: e.extensions?.reason as string | undefined,
    }));
    throw new GraphQLRequestError(errors, response.status);
  }
  return body.data;
}

export type Lang = 'zh' | 'en';

export function currentLang(): Lang {
  return (localStorage.getItem('pm.lang') as Lang | null) ?? 'zh';
}

export function setLang(lang: Lang): void {
  localStorage.setItem('pm.lang', lang);
}

/** Labels of the graph's enums and the pages' words, Chinese first. */
export const LABELS: Record<string, [string, string]> = {
  NEW: ['受理', 'New'], DISPATCHED: ['已派单', 'Dispatched'], IN_PROGRESS: ['处理中', 'In progress'], ON_HOLD: ['等待预约', 'On hold'],
  RESOLVED: ['待回访', 'Resolved'], CLOSED: ['已关闭', 'Closed'], REJECTED: ['不成立', 'Rejected'],
  REPAIR: ['报修', 'Repair'], COMPLAINT: ['投诉', 'Complaint'], REQUEST: ['需求', 'Request'], SUGGESTION: ['建议', 'Suggestion'], INQUIRY: ['咨询', 'Inquiry'],
  PATROL_FINDING: ['巡查发现', 'Patrol finding'], RECTIFICATION: ['整改', 'Rectification'],
  CUSTOMER_SERVICE: ['客服中心', 'Customer service'], ENGINEERING: ['工程部', 'Engineering'], SECURITY: ['保安部', 'Security'], CLEANING: ['保洁', 'Cleaning'],
  LANDSCAPING: ['绿化', 'Landscaping'], FINANCE: ['财务', 'Finance'], MANAGEMENT: ['管理处', 'Management'],
  EMERGENCY: ['紧急', 'Emergency'], NORMAL: ['一般', 'Normal'], MINOR: ['轻微', 'Minor'], IMPORTANT: ['重要', 'Important'], MAJOR: ['重大', 'Major'],
  PHONE: ['电话', 'Phone'], VISIT: ['来访', 'Visit'], APP: ['App', 'App'], PATROL: ['巡查', 'Patrol'], LETTER: ['信函', 'Letter'], INTEGRATION: ['系统', 'Integration'],
  SATISFIED: ['满意', 'Satisfied'], FAIRLY_SATISFIED: ['较满意', 'Fairly satisfied'], DISSATISFIED: ['不满意', 'Dissatisfied'],
  OWNER: ['业主', 'Owner'], TENANT: ['租户', 'Tenant'], HOUSEHOLD_MEMBER: ['家庭成员', 'Household'], COMPANY: ['单位', 'Company'],
  board: ['工单看板', 'Ticket board'], notices: ['通知', 'Notices'], desk: ['客服前台', 'Front desk'], online: ['实时', 'Live'], offline: ['离线 · 重连中', 'Offline · reconnecting'],
  signIn: ['登录', 'Sign in'], signOut: ['退出', 'Sign out'], pasteToken: ['粘贴令牌或 API Key', 'Paste a token or API key'],
  all: ['全部', 'All'], building: ['楼栋', 'Building'], department: ['部门', 'Department'], kind: ['类型', 'Kind'], overdue: ['已超时', 'Overdue'],
  openTickets: ['未结工单', 'open tickets'], shownOf: ['显示最紧急', 'showing the most urgent'], more: ['更多', 'More'],
  paused: ['计时暂停', 'Paused'], refused: ['令牌无效或无权访问', 'Token refused or not allowed'], property: ['项目', 'Property'],
};

export const label = (key: string | null | undefined, lang: Lang = currentLang()) => (key ? LABELS[key]?.[lang === 'zh' ? 0 : 1] ?? key : '');

/** Builds an element: `h('div', { class: 'card' }, 'text', child)`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/** Local (China) time of an instant, `MM-DD HH:mm`. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${local.slice(5, 10)} ${local.slice(11, 16)}`;
}

/**
 * Asks for a token or API key in a dialog (the same on every page), remembers it, and hands it to
 * `signedIn`; `problem` says why it is asked again (e.g. a refused token).
 */
export function askForCredentials(signedIn: (credentials: Credentials) => void, problem = ''): void {
  let dialog = document.getElementById('signin') as HTMLDialogElement | null;
  if (!dialog) {
    dialog = h('dialog', { id: 'signin' },
      h('form', { method: 'dialog' },
        h('label', {}, h('span', { 'data-label': 'pasteToken' }, label('pasteToken')), h('textarea', { id: 'credential', rows: '4', required: true })),
        h('p', { id: 'signin-error', class: 'error' }),
        h('button', { type: 'submit', 'data-label': 'signIn' }, label('signIn'))));
    document.body.append(dialog);
  }
  document.getElementById('signin-error')!.textContent = problem;
  dialog.showModal();
  dialog.onclose = () => {
    const parsed = parseCredential((document.getElementById('credential') as HTMLTextAreaElement).value);
    if (!parsed) return askForCredentials(signedIn, label('pasteToken'));
    saveCredentials(parsed);
    signedIn(parsed);
  };
}
