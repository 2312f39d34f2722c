import { registerEnumType } from 'type-graphql';

/**
 * The company's departments (部门): tickets dispatch to them, renovation inspections are made by
 * three of them, survey rectifications are owned by them. One enum for the whole graph.
 */
export enum Department {
  CUSTOMER_SERVICE = 'CUSTOMER_SERVICE',
  ENGINEERING = 'ENGINEERING',
  SECURITY = 'SECURITY',
  CLEANING = 'CLEANING',
  LANDSCAPING = 'LANDSCAPING',
  FINANCE = 'FINANCE',
  MANAGEMENT = 'MANAGEMENT',
}
registerEnumType(Department, { name: 'Department' });
