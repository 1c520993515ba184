/**
 * The booking race at scale, shared by the fault tier's test and `npm run bench`:
 * many signed-in desks fire booking attempts at the same free morning slots at
 * once, over HTTP to the real server, while a monitor polls `/api/health`.
 */
import { createPatient } from "@/lib/services/patients/create-patient";
import type { Actor, ServiceContext } from "@/lib/db/context";
import { londonToday } from "@/lib/schedule";
import { demoPatientInput } from "@/tests/helpers/factories";
import { actionId, callAction, EMAILS, percentile, signIn, type ActionOutcome, type Stack } from "./harness";

export const BOOKING_ACTION = () => actionId("clinic-days/[id]/actions", "bookAppointmentAction");

export async function actorByEmail(stack: Stack, email: string): Promise<Actor> {
  const staff = await stack.db.staffUser.findUniqueOrThrow({
    where: { email },
    select: { id: true, name: true, email: true, roles: true, pcnId: true },
  });
  return staff;
}

/** Free wrap-around slots on the desks' own PCN's scheduled clinic days from today on, earliest first (the demo's second PCN is not theirs). */
export async function freeMorningSlots(stack: Stack, count: number): Promise<Array<{ id: string; clinicDayId: string }>> {
  const { pcnId } = await actorByEmail(stack, EMAILS.reception);
  const slots = await stack.db.slot.findMany({
    where: {
      session: { kind: "WRAP_AROUND", clinicDay: { status: "SCHEDULED", date: { gte: new Date(`${londonToday()}T00:00:00Z`) }, clinic: { pcnId } } },
      appointments: { none: { activeSlotId: { not: null } } },
    },
    select: { id: true, session: { select: { clinicDayId: true } } },
    orderBy: { startsAt: "asc" },
    take: count,
  });
  if (slots.length < count) throw new Error(`Only ${slots.length} free morning slots; the load needs ${count}`);
  return slots.map((s) => ({ id: s.id, clinicDayId: s.session.clinicDayId }));
}

/** New patients through the register's own service (each with its audit event). */
export async function createLoadPatients(stack: Stack, count: number, nhsOffset: number): Promise<string[]> {
  const lead = await actorByEmail(stack, EMAILS.lead);
  const ctx: ServiceContext = { db: stack.db, actor: lead, request: { ip: "fault-tier", userAgent: "fault tier set-up" } };
  const practices = await stack.db.practice.findMany({ where: { pcnId: lead.pcnId }, select: { id: true }, orderBy: { odsCode: "asc" } });
  const ids: string[] = [];
  for (let seq = 0; seq < count; seq++) {
    ids.push(
      (
        await createPatient(
          ctx,
          demoPatientInput(
            seq,
            practices.map((p) => p.id),
            nhsOffset,
          ),
        )
      ).id,
    );
  }
  return ids;
}

/** Signs in `count` sessions, alternating reception and the clinic lead (both may book). */
export async function signInDesks(stack: Stack, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, (_, k) => signIn(stack.baseUrl, (i + k) % 2 === 0 ? EMAILS.reception : EMAILS.lead));
    cookies.push(...(await Promise.all(batch)));
  }
  return cookies;
}

export type LoadFigures = {
  attempts: number;
  booked: number;
  conflicts: number;
  others: ActionOutcome[];
  wallMs: number;
  p50: number;
  p95: number;
  max: number;
  perSecond: number;
  health: { polls: number; failures: number; p95: number; max: number };
  outcomes: Array<{ slotId: string; patientId: string; outcome: ActionOutcome }>;
};

/**
 * Fires `attemptsPerSlot` attempts at each slot, all at once, one patient per
 * attempt (so only the slot can conflict), spread over the signed-in sessions.
 */
export async function runBookingLoad(
  stack: Stack,
  input: {
    slots: Array<{ id: string; clinicDayId: string }>;
    patientIds: string[];
    cookies: string[];
    attemptsPerSlot: number;
    /** Instances to send the attempts to in turn (several behind one database); the stack's own by default. */
    baseUrls?: string[];
  },
): Promise<LoadFigures> {
  const id = BOOKING_ACTION();
  const attempts = input.slots.length * input.attemptsPerSlot;
  if (input.patientIds.length < attempts) throw new Error("One patient per attempt is needed");

  const health: number[] = [];
  let healthFailures = 0;
  let running = true;
  const monitor = (async () => {
    // Bounded: stops with the load, and never runs more than 600 polls.
    for (let polls = 0; running && polls < 600; polls++) {
      const started = performance.now();
      try {
        const response = await fetch(`${stack.baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
        await response.text();
        if (response.status !== 200) healthFailures++;
      } catch {
        healthFailures++;
      }
      health.push(performance.now() - started);
      await new Promise((done) => setTimeout(done, 50));
    }
  })();

  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: attempts }, async (_, i) => {
      const slot = input.slots[i % input.slots.length];
      const patientId = input.patientIds[i];
      const sentAt = performance.now();
      // A request that fails outright is counted as one (status 0), not allowed to end the run.
      const baseUrls = input.baseUrls ?? [stack.baseUrl];
      const outcome = await callAction(
        // Each slot's attempts alternate between the instances (round by round), so every race is across them.
        baseUrls[Math.floor(i / input.slots.length) % baseUrls.length],
        `/clinic-days/${slot.clinicDayId}`,
        id,
        input.cookies[i % input.cookies.length],
        [{ slotId: slot.id, patientId }],
        120_000,
      ).catch((error: unknown): ActionOutcome => ({ status: 0, ms: performance.now() - sentAt, body: String(error) }));
      return { slotId: slot.id, patientId, outcome };
    }),
  );
  const wallMs = performance.now() - started;
  running = false;
  await monitor;

  const latencies = outcomes.map((o) => o.outcome.ms);
  const booked = outcomes.filter((o) => o.outcome.result?.ok === true).length;
  const conflicts = outcomes.filter((o) => o.outcome.result?.ok === false && o.outcome.result.code === "CONFLICT").length;
  return {
    attempts,
    booked,
    conflicts,
    others: outcomes.map((o) => o.outcome).filter((o) => o.result?.ok !== true && o.result?.code !== "CONFLICT"),
    wallMs,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    perSecond: attempts / (wallMs / 1000),
    health: { polls: health.length, failures: healthFailures, p95: percentile(health, 95), max: Math.max(...health) },
    outcomes,
  };
}

export function describeFigures(figures: LoadFigures): Record<string, string | number> {
  const ms = (n: number) => Math.round(n);
  return {
    attempts: figures.attempts,
    booked: figures.booked,
    "told taken": figures.conflicts,
    other: figures.others.length,
    "wall ms": ms(figures.wallMs),
    "p50 ms": ms(figures.p50),
    "p95 ms": ms(figures.p95),
    "max ms": ms(figures.max),
    "attempts/s": Math.round(figures.perSecond),
    "health polls": figures.health.polls,
    "health failures": figures.health.failures,
    "health p95 ms": ms(figures.health.p95),
    "health max ms": ms(figures.health.max),
  };
}
