import { PatrolArea } from './patrol.entity';
import { randomFloors, uncovered } from './patrol.rules';

describe('patrol rounds (日常巡查)', () => {
  it('a daily round picks 5 distinct floors of a building at random, or all of a smaller one', () => {
    const floors = [1, 2, 3, 4, 5, 6, 7, 8, 8];
    expect(randomFloors(floors, 5, () => 0)).toEqual([1, 2, 3, 4, 5]);
    expect(randomFloors(floors, 5, (max) => max - 1)).toEqual([4, 5, 6, 7, 8]);
    const picked = randomFloors(floors, 5);
    expect(new Set(picked).size).toBe(5);
    expect(picked.every((f) => floors.includes(f))).toBe(true);
    expect(randomFloors([3, 1], 5)).toEqual([1, 3]);
  });

  it('a round is covered when every area (daily), floor and unit it had to check was checked', () => {
    const round = { floorsToCheck: [{ buildingId: 'b', buildingName: '1栋', floor: 3 }], unitsToCheck: ['u1'], daily: true };
    expect(uncovered(round, { areas: [PatrolArea.LOBBY], floors: [], units: [] })).toEqual({
      areas: [PatrolArea.GROUNDS, PatrolArea.GREENERY, PatrolArea.CAR_PARK], floors: round.floorsToCheck, units: ['u1'],
    });
    expect(uncovered(round, { areas: Object.values(PatrolArea), floors: [{ buildingId: 'b', floor: 3 }], units: ['u1'] })).toEqual({ areas: [], floors: [], units: [] });
  });
});
