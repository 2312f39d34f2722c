import { findForRead } from '@pm/db';
import { guardOf } from '@pm/identity';
import { inIdOrder, stubReferences, type SubgraphSchemaOptions } from '@pm/subgraph';

import { ParkingLease } from './lease/lease.entity';
import { ParkingLeaseResolver, ParkingPaymentResolver, UnitParkingResolver } from './lease/lease.resolver';
import { ParkingLot } from './lot/lot.entity';
import { ParkingLotResolver } from './lot/lot.resolver';

/** The parking subgraph: lots, spaces, monthly leases and the waiting list. */
export const parkingSchema: SubgraphSchemaOptions = {
  resolvers: [ParkingLotResolver, ParkingLeaseResolver, ParkingPaymentResolver, UnitParkingResolver],
  references: {
    ParkingLot: async (ids, ctx) => inIdOrder(ids, await findForRead(ctx.em, ParkingLot, { id: { $in: [...ids] } })),
    ParkingLease: async (ids, ctx) => inIdOrder(ids, await findForRead(ctx.em, ParkingLease, { id: { $in: [...ids] } })),
    Unit: stubReferences,
  },
  guards: {
    ParkingLot: guardOf('ParkingLot', (lot: ParkingLot) => ({ propertyId: lot.propertyId })),
    ParkingLease: guardOf('ParkingLease', (lease: ParkingLease) => ({ propertyId: lease.propertyId, unitId: lease.unitId, residentId: lease.holderId })),
  },
  uniqueConstraints: {
    parking_lease_one_live_per_plate: { reason: 'PLATE_ALREADY_LEASED', message: 'This plate already holds (or waits for) a space' },
    parking_payment_receipt_no_unique: { reason: 'RECEIPT_USED', message: 'This receipt number has already been used' },
    parking_space_lot_id_code_unique: { reason: 'DUPLICATE_SPACE', message: 'The lot already has a space with this code' },
    parking_lease_one_live_per_unit: {
      reason: 'ONE_SPACE_PER_HOUSEHOLD', message: 'This unit already holds (or waits for) a parking space: one space per household',
    },
  },
};
