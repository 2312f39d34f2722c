import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { type z } from 'zod';

/** Every setting the parking service reads. */
export const parkingEnvironment = subgraphEnvironment({ port: 4004, database: 'pm_parking' });

export type ParkingEnvironment = z.infer<typeof parkingEnvironment>;

export const loadParkingEnvironment = (): ParkingEnvironment => loadEnvironment(parkingEnvironment, process.env);
