import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type MikroORM } from '@mikro-orm/postgresql';
import { Role } from '@pm/identity';
import { freePort, startNatsServer, stopChild } from '@pm/infra';
import { parkingEnvironment, startParking } from '@pm/parking-service';
import { residentsEnvironment, startResidents } from '@pm/residents-service';
import { parseEnvironment } from '@pm/runtime';
import { eventually, ok, startTestSubgraph, testIdentity } from '@pm/testing';

/** Counts what parking's read-model and inbox hold, straight from its database. */
async function parkingCounts(orm: MikroORM) {
  const [row] = await orm.em.fork().getConnection().execute<{ residents: string; inbox: string; distinct_events: string }[]>(
    "select (select count(*) from unit_resident) as residents, (select count(*) from inbox) as inbox, (select count(distinct event_id) from inbox) as distinct_events",
  );
  return { residents: Number(row.residents), inbox: Number(row.inbox), distinctEvents: Number(row.distinct_events) };
}

describe('a NATS outage (a real nats-server this test starts and kills)', () => {
  it('writes succeed while NATS is down; afterwards every event is delivered and each effect happens once', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'pm-outage-'));
    const port = await freePort();
    let nats = await startNatsServer(storeDir, port);
    const natsEnv = { NATS_URL: `nats://127.0.0.1:${port}`, CONSUMER_START_AT: new Date(Date.now() - 1000).toISOString() };
    const residents = await startTestSubgraph('residents', (s) => parseEnvironment(residentsEnvironment, s), startResidents, natsEnv);
    const parking = await startTestSubgraph('parking', (s) => parseEnvironment(parkingEnvironment, s), startParking, natsEnv);
    try {
      const manager = residents.as(testIdentity(Role.PROJECT_MANAGER));
      const { createProperty } = ok(await manager<{ createProperty: { id: string } }>('mutation { createProperty(input: { name: "停电花园", kind: RESIDENTIAL }) { id } }'));
      const { addBuilding } = ok(await manager<{ addBuilding: { id: string } }>('mutation($p: ID!) { addBuilding(input: { propertyId: $p, name: "1栋" }) { id } }', { p: createProperty.id }));
      const N = 12;
      const { addUnits } = ok(await manager<{ addUnits: { id: string }[] }>('mutation($input: AddUnitsInput!) { addUnits(input: $input) { id } }', {
        input: { buildingId: addBuilding.id, units: Array.from({ length: N }, (_, i) => ({ code: `1-1-${101 + i}`, floor: 1, usage: 'HOME' })) },
      }));
      await parking.service.consumer!.ready();

      await stopChild(nats.process);
      for (const unit of addUnits) {
        ok(await manager('mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }', { input: { unitId: unit.id, kind: 'OWNER', name: '业主' } }));
      }
      expect((await residents.service.relay.stats()).pending).toBeGreaterThanOrEqual(N);

      nats = await startNatsServer(storeDir, port);
      await eventually(async () => expect((await residents.service.relay.stats()).pending).toBe(0), 30_000);
      await eventually(async () => expect((await parkingCounts(parking.service.orm)).residents).toBe(N), 30_000);
      const counts = await parkingCounts(parking.service.orm);
      expect(counts).toEqual({ residents: N, inbox: N, distinctEvents: N });
      const metrics = await (await fetch(`${parking.service.internalUrl}/metrics`)).text();
      expect(metrics).toMatch(/pm_consumer_handled_total\{service="parking"\} 12/);
    } finally {
      await parking.stop();
      await residents.stop();
      await stopChild(nats.process);
    }
  });
});
