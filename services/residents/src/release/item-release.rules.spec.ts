import { CarrierRelation, ReleaseReason } from './item-release.entity';
import { itemsBeyondPass, passRefusal } from './item-release.rules';

const now = new Date('2026-11-22T10:00:00Z');
const base = { reason: ReleaseReason.TEMPORARY, feesSettled: true, carrierRelation: CarrierRelation.OWNER };

describe('item-release passes (物品放行条)', () => {
  it('front desk: no pass for a move-out while fees are unsettled', () => {
    expect(passRefusal({ ...base, reason: ReleaseReason.MOVE_OUT, feesSettled: false }, now)).toMatchObject({ reason: 'FEES_NOT_SETTLED' });
    expect(passRefusal({ ...base, feesSettled: false }, now)).toBeNull();
  });

  it("front desk: a carrier who is not the owner needs the owner's confirmation, not dated in the future", () => {
    expect(passRefusal({ ...base, carrierRelation: CarrierRelation.NANNY }, now)).toMatchObject({ reason: 'OWNER_CONFIRMATION_REQUIRED' });
    expect(passRefusal({ ...base, carrierRelation: CarrierRelation.NANNY, ownerConfirmation: { at: new Date('2026-11-22T09:50:00Z') } }, now)).toBeNull();
    expect(passRefusal({ ...base, carrierRelation: CarrierRelation.DECORATOR, ownerConfirmation: { at: new Date('2026-11-22T11:00:00Z') } }, now)).toEqual({ field: 'ownerConfirmation.at', message: 'the confirmation cannot be in the future' });
  });

  it('the gate: goods match the pass when nothing leaves beyond it (names ignore case and spaces; fewer is fine)', () => {
    const pass = [{ name: '沙发', quantity: 1 }, { name: 'TV', quantity: 2 }];
    expect(itemsBeyondPass(pass, [{ name: ' tv ', quantity: 1 }, { name: '沙发', quantity: 1 }])).toEqual([]);
    expect(itemsBeyondPass(pass, [{ name: 'TV', quantity: 1 }, { name: 'tv', quantity: 2 }])).toEqual(['TV ×3 (pass: 2)']);
    expect(itemsBeyondPass(pass, [{ name: '冰箱', quantity: 1 }])).toEqual(['冰箱 ×1']);
  });
});
