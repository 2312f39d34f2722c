import { randomInt } from 'node:crypto';

import { PatrolArea, type PatrolFloor } from './patrol.entity';

/** `count` distinct floors of a building picked at random (all of them when it has fewer): a daily round's (随机抽查5个楼层, PATROL_RANDOM_FLOORS). */
export function randomFloors(floors: number[], count: number, pick: (max: number) => number = randomInt): number[] {
  const pool = [...new Set(floors)];
  const chosen: number[] = [];
  while (chosen.length < count && pool.length) chosen.push(pool.splice(pick(pool.length), 1)[0]);
  return chosen.sort((a, b) => a - b);
}

const floorKey = (f: Pick<PatrolFloor, 'buildingId' | 'floor'>) => `${f.buildingId}#${f.floor}`;

/** What a round left unchecked: the floors, areas (daily) and units (vacant-unit check) it had to cover. */
export function uncovered(round: { floorsToCheck: PatrolFloor[]; unitsToCheck: string[]; daily: boolean }, checked: { areas: PatrolArea[]; floors: Pick<PatrolFloor, 'buildingId' | 'floor'>[]; units: string[] }) {
  const floors = new Set(checked.floors.map(floorKey));
  const units = new Set(checked.units);
  return {
    areas: round.daily ? Object.values(PatrolArea).filter((area) => !checked.areas.includes(area)) : [],
    floors: round.floorsToCheck.filter((f) => !floors.has(floorKey(f))),
    units: round.unitsToCheck.filter((u) => !units.has(u)),
  };
}
