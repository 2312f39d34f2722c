import { type Clock } from '@pm/calendar';
import { dropDatabase } from '@pm/db';
import { issueToken, type Role, type TokenClaims } from '@pm/identity';
import { parkingEnvironment, startParking } from '@pm/parking-service';
import { renovationEnvironment, startRenovation } from '@pm/renovation-service';
import { residentsEnvironment, startResidents } from '@pm/residents-service';
import { createLogger, parseEnvironment } from '@pm/runtime';
import { startSurveys, surveysEnvironment } from '@pm/surveys-service';
import { serviceTestEnvironment, postGraphQL, testInfrastructure, uniqueDatabaseName } from '@pm/testing';
import { type RunningService } from '@pm/subgraph';
import { startTickets, ticketsEnvironment } from '@pm/tickets-service';

import { gatewayEnvironment, type GatewayEnvironment } from '../src/environment';
import { startGateway, type RunningGateway } from '../src/server';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef';

/** The whole graph in this process: five subgraphs (each on a fresh database) and the gateway. */
export interface TestGraph {
  gateway: RunningGateway;
  url: string;
  env: GatewayEnvironment;
  subgraphUrls: Record<string, string>;
  /** The running services by name (their relays, consumers and databases). */
  services: Record<string, RunningService>;
  /** A client for the gateway with a token for `claims` (staff default to every property). */
  as(role: Role, claims?: Partial<TokenClaims>): <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => ReturnType<typeof postGraphQL<T>>;
  anonymous<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): ReturnType<typeof postGraphQL<T>>;
  withHeaders<T = Record<string, unknown>>(headers: Record<string, string>, query: string, variables?: Record<string, unknown>): ReturnType<typeof postGraphQL<T>>;
  stop(): Promise<void>;
}

const SERVICES = [
  ['tickets', ticketsEnvironment, startTickets],
  ['residents', residentsEnvironment, startResidents],
  ['renovation', renovationEnvironment, startRenovation],
  ['parking', parkingEnvironment, startParking],
  ['surveys', surveysEnvironment, startSurveys],
] as const;

/**
 * `overrides`: the gateway's settings; `options.clock`: the services' time (a TestClock lets a test
 * move it; the gateway keeps real time for tokens); `options.serviceSettings`: a service's settings by name.
 */
export async function startTestGraph(overrides: Record<string, string> = {}, options: { clock?: Clock; serviceSettings?: Record<string, Record<string, string>> } = {}): Promise<TestGraph> {
  const { databaseUrl } = testInfrastructure();
  const databases: string[] = [];
  const started: (RunningService & { name: string })[] = [];
  for (const [name, schema, start] of SERVICES) {
    const source = serviceTestEnvironment(name, options.serviceSettings?.[name]);
    databases.push(source.DATABASE_NAME);
    const service = await (start as (env: unknown, logger: undefined, options: { clock?: Clock }) => Promise<RunningService>)(parseEnvironment(schema, source), undefined, { clock: options.clock });
    started.push({ ...service, name });
  }
  const urls = Object.fromEntries(started.map((s) => [s.name, s.url]));
  const gatewayDb = uniqueDatabaseName('gateway');
  databases.push(gatewayDb);
  const env = parseEnvironment(gatewayEnvironment, {
    ...serviceTestEnvironment('gateway'),
    DATABASE_NAME: gatewayDb,
    JWT_SECRET: TEST_JWT_SECRET,
    TICKETS_URL: urls.tickets,
    RESIDENTS_URL: urls.residents,
    RENOVATION_URL: urls.renovation,
    PARKING_URL: urls.parking,
    SURVEYS_URL: urls.surveys,
    ...overrides,
  });
  const gateway = await startGateway(env, createLogger('gateway', env.LOG_LEVEL));
  const as: TestGraph['as'] = (role, claims = {}) => {
    const token = issueToken({ sub: `test-${role.toLowerCase()}`, name: `Test ${role}`, roles: [role], propertyIds: ['*'], ...claims }, TEST_JWT_SECRET);
    return (query, variables = {}) => postGraphQL(gateway.url, query, variables, { authorization: `Bearer ${token}` });
  };
  return {
    gateway,
    url: gateway.url,
    env,
    subgraphUrls: urls,
    services: Object.fromEntries(started.map((s) => [s.name, s])),
    as,
    anonymous: (query, variables = {}) => postGraphQL(gateway.url, query, variables),
    withHeaders: (headers, query, variables = {}) => postGraphQL(gateway.url, query, variables, headers),
    async stop() {
      await gateway.close();
      for (const service of started.reverse()) await service.close();
      for (const db of databases) await dropDatabase(databaseUrl, db);
    },
  };
}
