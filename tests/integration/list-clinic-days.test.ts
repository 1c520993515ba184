/**
 * listClinicDays reads in two SQL statements what Prisma's nested includes and
 * two groupBy counts read before (nine statements): on the demo clinic (days
 * with bookings, arrivals, several sessions and rosters) it must give the same
 * days, sessions, rosters and counts as those Prisma queries.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIVE_STATUSES, ARRIVED_STATUSES } from "@/lib/appointments/statuses";
import type { Db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/db/context";
import { londonToday } from "@/lib/schedule";
import { listClinicDays } from "@/lib/services/clinic-days/list-clinic-days";
import { seedDemoData } from "@/prisma/seed";
import { freshDatabase } from "@/tests/helpers/database";

let db: Db;

beforeAll(async () => {
  db = (await freshDatabase()).db;
  await seedDemoData(db);
  // Two of today's morning patients have arrived, one of them is done, so every count has something to count.
  const booked = await db.appointment.findMany({
    where: { kind: "WRAP_AROUND", status: "BOOKED", clinicDay: { date: new Date(`${londonToday()}T00:00:00Z`) } },
    take: 2,
  });
  expect(booked).toHaveLength(2);
  await db.appointment.update({ where: { id: booked[0].id }, data: { status: "ARRIVED", checkedInAt: new Date() } });
  await db.appointment.update({ where: { id: booked[1].id }, data: { status: "FULFILLED", checkedInAt: new Date() } });
}, 120_000);

async function contextOf(email: string): Promise<ServiceContext> {
  const user = await db.staffUser.findUniqueOrThrow({ where: { email } });
  return { db, actor: { id: user.id, name: user.name, email: user.email, roles: user.roles, pcnId: user.pcnId } };
}

/** The same summary through Prisma's own relation queries and counts. */
async function throughPrisma(ctx: ServiceContext, from: string, limit: number) {
  const days = await db.clinicDay.findMany({
    where: { clinic: { pcnId: ctx.actor.pcnId }, date: { gte: new Date(`${from}T00:00:00Z`) } },
    orderBy: [{ date: "asc" }, { id: "asc" }],
    take: limit,
    include: {
      clinic: { include: { site: true } },
      sessions: {
        orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        include: { room: true, staff: { orderBy: { column: "asc" }, include: { staff: { select: { id: true, name: true } } } } },
      },
    },
  });
  return Promise.all(
    days.map(async (day) => {
      const count = (statuses: readonly string[]) =>
        db.appointment.count({ where: { clinicDayId: day.id, kind: "WRAP_AROUND", status: { in: statuses as never } } });
      return {
        id: day.id,
        date: day.date.toISOString().slice(0, 10),
        status: day.status,
        clinicName: day.clinic.name,
        siteName: day.clinic.site.name,
        morningSlots: await db.slot.count({ where: { session: { clinicDayId: day.id, kind: "WRAP_AROUND" } } }),
        booked: await count(ACTIVE_STATUSES),
        arrived: await count(ARRIVED_STATUSES),
        sessions: day.sessions.map((s) => ({
          kind: s.kind,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          roomName: s.room?.name ?? null,
          staff: s.staff.map((r) => ({ id: r.staff.id, name: r.staff.name, column: r.column })),
        })),
        rostered: day.sessions.some((s) => s.staff.some((r) => r.staffId === ctx.actor.id)),
      };
    }),
  );
}

describe("listClinicDays", () => {
  it.each(["reception@example.nhs.uk", "buddy@example.nhs.uk", "gp@example.nhs.uk"])(
    "gives %s the same days, sessions, rosters and counts as Prisma's relation queries",
    async (email) => {
      const ctx = await contextOf(email);
      const from = londonToday();
      const listed = await listClinicDays(ctx, { from, limit: 30 });
      expect(listed.length).toBeGreaterThan(1);
      console.log(JSON.stringify(listed.map((d) => [d.date, d.booked, d.arrived, d.morningSlots, d.sessions.length])));
      expect(listed.some((d) => d.booked > 0 && d.arrived > 0 && d.morningSlots > 0)).toBe(true);
      expect(listed).toEqual(await throughPrisma(ctx, from, 30));
    },
  );

  it("keeps to the range and the limit", async () => {
    const ctx = await contextOf("lead@example.nhs.uk");
    const all = await listClinicDays(ctx, { from: "2000-01-01", limit: 500 });
    expect(all.length).toBeGreaterThan(3);
    const [, second, third] = all;
    const between = await listClinicDays(ctx, { from: second.date, to: third.date });
    expect(between.map((d) => d.date)).toEqual(all.filter((d) => d.date >= second.date && d.date <= third.date).map((d) => d.date));
    expect(await listClinicDays(ctx, { from: "2000-01-01", limit: 2 })).toEqual(all.slice(0, 2));
  });
});
