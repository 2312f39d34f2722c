import { ALL_PROPERTIES, IDENTITY_HEADER, type Identity, Role, signIdentity } from '@pm/identity';

import { TEST_IDENTITY_SECRET } from './environment';

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A staff, resident or integrator identity for tests; staff default to every property. */
export function testIdentity(role: Role, overrides: Partial<Identity> = {}): Identity {
  const kind = role === Role.RESIDENT ? 'resident' : role === Role.INTEGRATOR ? 'integrator' : 'staff';
  return { kind, sub: `test-${role.toLowerCase()}`, name: `Test ${role}`, roles: [role], propertyIds: [ALL_PROPERTIES], ...overrides };
}

/** POSTs one GraphQL operation. */
export async function postGraphQL<T>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** Calls a subgraph directly, as the gateway would: with a signed identity header. */
export function asCaller(url: string, identity: Identity) {
  return <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<T>(url, query, variables, { [IDENTITY_HEADER]: signIdentity(identity, TEST_IDENTITY_SECRET) });
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response, null, 2)}`);
  }
  return response.data;
}

/** The first error of a response that must have failed. */
export function firstError<T>(response: GraphQLResponse<T>) {
  const error = response.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return { message: error.message, ...(error.extensions ?? {}) } as { message: string; code?: string; field?: string; reason?: string };
}
