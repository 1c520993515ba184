/**
 * Booking over HTTP against the production build on its own embedded
 * PostgreSQL (free loopback ports; builds first if the build is stale): the
 * race of 20 desks, and one desk alone, each beside the raw-`pg` floor.
 */
import { BOOKING_ACTION, createLoadPatients, describeFigures, freeMorningSlots, runBookingLoad, signInDesks } from "@/tests/faults/booking-load";
import { callAction, percentile } from "@/tests/faults/harness";
import { benchOneDesk, rawRaceFloor } from "./booking-one";
import { ensureBuild } from "@/tests/faults/global-setup";
import { prepareTemplate, startStack } from "@/tests/faults/harness";
import { freePort } from "@/bench/throwaway-database";

const ms = (n: number) => Math.round(n * 10) / 10;

/**
 * The framework's own floor for the race: the same number of calls of the same server action, all at once, with no
 * session cookie, so each is refused at the guard's first step (no database, no input read). Whatever the booking
 * does, the race over HTTP cannot be faster than this on the same machine.
 */
async function frameworkFloor(stack: Awaited<ReturnType<typeof startStack>>, clinicDayId: string, attempts: number): Promise<{ p95: number }> {
  const outcomes = await Promise.all(
    Array.from({ length: attempts }, () => callAction(stack.baseUrl, `/clinic-days/${clinicDayId}`, BOOKING_ACTION(), "", [{}], 120_000)),
  );
  const refused = outcomes.filter((o) => o.result?.ok === false && o.result.code === "UNAUTHENTICATED").length;
  if (refused !== attempts) throw new Error(`The framework floor expected ${attempts} refusals for want of a session, got ${refused}`);
  return {
    p95: percentile(
      outcomes.map((o) => o.ms),
      95,
    ),
  };
}

/**
 * The booking figures of issue 13, each beside its raw-`pg` floor measured in the same run on the same PostgreSQL:
 * the race (200 attempts at 20 slots from 20 sessions; target p95 ≤ 3× the floor's) and one desk booking one
 * patient at a time (target p50 ≤ 8 ms). Each on its own copy of the demo clinic (the demo has about 60 free
 * morning slots).
 */
export async function benchBooking(): Promise<{ race: Record<string, string | number>; oneDesk: Record<string, string | number> }> {
  ensureBuild();
  process.env.FAULTS_DB_PORT ??= String(await freePort());
  process.env.FAULTS_APP_PORT ??= String(await freePort());
  await prepareTemplate(Number(process.env.FAULTS_DB_PORT));
  let race: Record<string, string | number>;
  const stack = await startStack("bench", 0);
  try {
    const slots = await freeMorningSlots(stack, 20);
    const patientIds = await createLoadPatients(stack, 200, 1000);
    const cookies = await signInDesks(stack, 20);
    const figures = await runBookingLoad(stack, { slots, patientIds, cookies, attemptsPerSlot: 10 });
    const floor = await rawRaceFloor(stack.dbUrl, 20, 10, 20);
    const floorP95 = percentile(floor, 95);
    const framework = await frameworkFloor(stack, slots[0].clinicDayId, figures.attempts);
    race = {
      ...describeFigures(figures),
      "raw pg p95 ms": ms(floorP95),
      "p95 / floor": ms(figures.p95 / floorP95),
      "server action refused before any work, p95 ms": ms(framework.p95),
      "its p95 / floor": ms(framework.p95 / floorP95),
      target: "≤ 3× floor",
      met: figures.p95 <= 3 * floorP95 ? "yes" : "NO",
    };
  } finally {
    await stack.stop();
  }
  const one = await startStack("bench-one", 1);
  try {
    const figures = await benchOneDesk(one, 40, 5000);
    return {
      race,
      oneDesk: {
        bookings: figures.bookings,
        "p50 ms": figures.p50Ms,
        "p95 ms": figures.p95Ms,
        "refused at validation p50 ms": figures.refusedP50Ms,
        "refused for want of a session p50 ms": figures.noSessionP50Ms,
        "response bytes": figures.responseBytes,
        "raw pg p50 ms": figures.floorP50Ms,
        "raw pg p95 ms": figures.floorP95Ms,
        target: "p50 ≤ 8 ms",
        met: figures.p50Ms <= 8 ? "yes" : "NO",
      },
    };
  } finally {
    await one.stop();
  }
}
