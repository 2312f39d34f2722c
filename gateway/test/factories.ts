import { Role } from '@pm/identity';
import { createTestProperty as propertyThrough, createTestResident as residentThrough } from '@pm/testing';

import { type TestGraph } from './graph';

/** A property with one building and `unitCount` units (codes `1-1-101`, …), created through the gateway. */
export const createTestProperty = (graph: TestGraph, unitCount = 3, occupancy = 'OWNER_OCCUPIED', options: { kind?: string; usage?: string } = {}) =>
  propertyThrough(graph.as(Role.PROJECT_MANAGER), unitCount, occupancy, options);

/** Registers a resident of a unit through the gateway. */
export const createTestResident = (graph: TestGraph, unitId: string, name = '张三', kind = 'OWNER') =>
  residentThrough(graph.as(Role.FRONT_DESK), unitId, name, kind);
