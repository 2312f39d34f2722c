export { parkingService, startParking } from './app';
export { parkingEnvironment } from './environment';
export type { ParkingEnvironment } from './environment';
export { parkingSchema } from './schema';
export { parkingSettings } from './settings';
export type { ParkingSettings } from './settings';
export { ParkingScheduler } from './lease/lease.scheduler';
