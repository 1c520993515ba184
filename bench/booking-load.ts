/**
 * The booking race over HTTP: 200 attempts at 20 free morning slots from 20
 * signed-in sessions, against the production build on its own embedded
 * PostgreSQL (free loopback ports; builds first if the build is stale).
 */
import net from "node:net";
import { createLoadPatients, describeFigures, freeMorningSlots, runBookingLoad, signInDesks } from "@/tests/faults/booking-load";
import { ensureBuild } from "@/tests/faults/global-setup";
import { prepareTemplate, startStack } from "@/tests/faults/harness";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function benchBookingLoad(): Promise<Record<string, string | number>> {
  ensureBuild();
  process.env.FAULTS_DB_PORT ??= String(await freePort());
  process.env.FAULTS_APP_PORT ??= String(await freePort());
  await prepareTemplate(Number(process.env.FAULTS_DB_PORT));
  const stack = await startStack("bench", 0);
  try {
    const slots = await freeMorningSlots(stack, 20);
    const patientIds = await createLoadPatients(stack, 200, 1000);
    const cookies = await signInDesks(stack, 20);
    return describeFigures(await runBookingLoad(stack, { slots, patientIds, cookies, attemptsPerSlot: 10 }));
  } finally {
    await stack.stop();
  }
}
