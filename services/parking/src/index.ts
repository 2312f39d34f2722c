export { parkingService, startParking } from './app';
export { parkingEnvironment } from './environment';
export type { ParkingEnvironment } from './environment';
export { parkingSchema } from './schema';
