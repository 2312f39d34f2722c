import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';

import { type Logger } from '@pm/runtime';

/** Where `nx run web:build` writes the pages. */
export const WEB_DIST = resolve(__dirname, '../web/dist');

const TYPES: Record<string, string> = { '.map': 'application/json', '.woff2': 'font/woff2', '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** The pages talk to this gateway only (GraphQL over HTTP and graphql-ws). */
const CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
/** GraphiQL's editor sets styles inline. */
const EXPLORER_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("img-src 'self' data:", "img-src 'self' data: blob:");

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const INDEX = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>物业客服平台</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.6">
<h1>物业客服平台 · Property front desk</h1>
<ul>
<li><a href="/board">/board</a> — 工单看板, the live ticket board for the wall</li>
<li><a href="/desk">/desk</a> — 客服前台, register and work tickets</li>
<li><a href="/explorer">/explorer</a> — GraphiQL, to try queries against the schema (its Docs panel is the reference)</li>
<li><code>POST /graphql</code> (and graphql-ws on the same path) — the API; <code>/reports/…</code> CSV and SVG reports</li>
</ul>
<p>Sign in by pasting a token or API key; <code>npm start</code> prints links that sign you in.</p>
</body></html>`;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, cache: string, csp = CSP): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': cache, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  res.end(body);
}

/**
 * The browser pages (`/board`, `/desk`, `/explorer`, their hashed `/assets/…`, and `/`), read once from the web
 * build. Without a build the pages say how to make one instead of a bare 404.
 */
export function webRoutes(logger: Logger, dist = WEB_DIST): Record<string, Route> {
  const index: Route = (_req, res) => send(res, 200, TYPES['.html'], INDEX, 'no-cache');
  if (!existsSync(join(dist, 'board.html'))) {
    logger.warn({ dist }, 'web pages not built: run `npx nx run web:build`');
    const missing: Route = (_req, res) => send(res, 503, 'text/plain; charset=utf-8', 'The web pages are not built: run `npx nx run web:build` (npm start does it).\n', 'no-store');
    return { '/': index, '/board': missing, '/desk': missing, '/explorer': missing };
  }
  const page = (file: string, csp = CSP): Route => {
    const html = readFileSync(join(dist, file));
    return (_req, res) => send(res, 200, TYPES['.html'], html, 'no-cache', csp);
  };
  const routes: Record<string, Route> = { '/': index, '/board': page('board.html'), '/desk': page('desk.html'), '/explorer': page('explorer.html', EXPLORER_CSP) };
  for (const file of readdirSync(join(dist, 'assets'))) {
    const body = readFileSync(join(dist, 'assets', file));
    // Hashed names: a new build gets new names, so browsers may keep these for a year.
    routes[`/assets/${file}`] = (_req, res) => send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body, 'public, max-age=31536000, immutable');
  }
  return routes;
}
