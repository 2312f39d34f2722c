import 'graphiql/graphiql.css';

import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

import { authHeaders, loadCredentials, parseCredential, saveCredentials } from './common';

/**
 * The explorer (/explorer): GraphiQL bundled from npm (no CDN), talking to this gateway with the
 * credentials the board and desk signed in with (or pasted here), for integrators and the curious.
 */
let credentials = loadCredentials();
if (!credentials) {
  const pasted = window.prompt('粘贴令牌或 API Key / Paste a token or API key');
  credentials = pasted ? parseCredential(pasted) : null;
  if (credentials) saveCredentials(credentials);
}
const headers = credentials ? authHeaders(credentials) : {};
const fetcher = createGraphiQLFetcher({ url: '/graphql', subscriptionUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`, headers, wsConnectionParams: headers });

const DEFAULT_QUERY = `# 物业客服平台 GraphQL. The schema reference is in the Docs panel (and gateway/schema.graphql).
query Properties {
  properties { id name kind }
}
`;

createRoot(document.getElementById('explorer')!).render(createElement(GraphiQL, {
  fetcher,
  defaultQuery: DEFAULT_QUERY,
  defaultHeaders: JSON.stringify(headers, null, 2),
  shouldPersistHeaders: false,
}));
