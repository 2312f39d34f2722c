import { type IncomingMessage } from 'node:http';

import { AppError } from '@pm/errors';
import { type Identity, verifyToken } from '@pm/identity';

import { type ApiKeyStore } from './api-keys/api-key.store';

/** Bearer token (staff, residents) or x-api-key (integrators); anonymous callers are refused. */
export async function authenticate(
  headers: IncomingMessage['headers'] | Record<string, unknown>,
  jwtSecret: string,
  apiKeys: ApiKeyStore,
): Promise<Identity> {
  const authorization = typeof headers.authorization === 'string' ? headers.authorization : undefined;
  const apiKey = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw AppError.unauthenticated('Authorization must be "Bearer <token>"');
    const result = verifyToken(match[1], jwtSecret);
    if ('error' in result) throw AppError.unauthenticated(result.error);
    return result.identity;
  }
  if (apiKey) {
    const identity = await apiKeys.verify(apiKey.trim());
    if (!identity) throw AppError.unauthenticated('The API key is not valid or has been revoked');
    return identity;
  }
  throw AppError.unauthenticated('Sign in first: send "Authorization: Bearer <token>" or "x-api-key: <key>"');
}
