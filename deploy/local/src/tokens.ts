import { issueToken, Role } from '@pm/identity';

import { gql } from './graphql';

const STAFF: [Role, string][] = [
  [Role.FRONT_DESK, '王芳 (前台)'],
  [Role.SUPERVISOR, '李强 (客服主管)'],
  [Role.ENGINEER, '赵师傅 (工程部)'],
  [Role.SECURITY, '孙队长 (保安部)'],
  [Role.CASHIER, '周会计 (收银)'],
  [Role.PROJECT_MANAGER, '陈经理 (项目经理)'],
];

/** A project manager for every property: what the launcher seeds with. */
export function managerToken(secret: string): string {
  return issueToken({ sub: 'demo-project-manager', name: '陈经理 (项目经理)', roles: [Role.PROJECT_MANAGER], propertyIds: ['*'] }, secret);
}

/** The demo property's customer-service assistants (the first is the FRONT_DESK demo account): who makes the visits. */
export function assistantTokens(secret: string, propertyId: string): string[] {
  return [['demo-front_desk', '王芳 (前台)'], ['demo-desk-liu', '刘丽 (前台)'], ['demo-desk-zhang', '张敏 (前台)']].map(([sub, name]) =>
    issueToken({ sub, name, roles: [Role.FRONT_DESK], propertyIds: [propertyId] }, secret));
}

/** One ready-to-paste token per staff role for the demo property, and one for a demo resident. */
export async function demoTokens(url: string, secret: string, propertyId: string, residentUnitCode: string): Promise<[string, string][]> {
  const tokens: [string, string][] = STAFF.map(([role, name]) => [
    role,
    issueToken({ sub: `demo-${role.toLowerCase()}`, name, roles: [role], propertyIds: role === Role.PROJECT_MANAGER ? ['*'] : [propertyId] }, secret),
  ]);
  const { unitByCode } = await gql<{ unitByCode: { id: string; residents: { id: string; name: string; kind: string }[] } | null }>(
    url, managerToken(secret), 'query($p: ID!, $c: String!) { unitByCode(propertyId: $p, code: $c) { id residents { id name kind } } }', { p: propertyId, c: residentUnitCode },
  );
  const owner = unitByCode?.residents.find((r) => r.kind === 'OWNER');
  if (unitByCode && owner) {
    tokens.push([Role.RESIDENT, issueToken({ sub: `demo-resident-${owner.id}`, name: owner.name, roles: [Role.RESIDENT], propertyIds: [propertyId], residentId: owner.id, unitIds: [unitByCode.id] }, secret)]);
  }
  return tokens;
}
