import { assertPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/generated/client";
import { formatLondon } from "@/lib/schedule";
import { formatNhsNumber, normaliseNhsNumber } from "@/lib/nhs-number";
import { patientSearchSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type BookingSearchResult = {
  id: string;
  name: string;
  nhsNumber: string;
  dateOfBirth: string;
  /** "09:20" when the patient already has a morning appointment on the clinic day searched for. */
  bookedAt: string | null;
};

const RESULT_LIMIT = 10;

/**
 * Finds patients of the PCN to book, by NHS number (whole or its start) or by
 * name (every word must start a given or family name). Each patient shown is
 * an audited view of their record.
 */
export async function searchPatientsForBooking(ctx: ServiceContext, input: unknown): Promise<BookingSearchResult[]> {
  assertPermission(ctx.actor, "appointment:book");
  const { query, clinicDayId } = parseInput(patientSearchSchema, input);
  const digits = normaliseNhsNumber(query);
  let match: Prisma.PatientWhereInput;
  if (/^\d+$/.test(digits)) {
    match = digits.length === 10 ? { nhsNumber: digits } : { nhsNumber: { startsWith: digits } };
  } else {
    const words = query.split(/\s+/).filter(Boolean).slice(0, 4);
    match = {
      AND: words.map((word) => ({
        OR: [{ givenName: { startsWith: word, mode: "insensitive" as const } }, { familyName: { startsWith: word, mode: "insensitive" as const } }],
      })),
    };
  }
  return ctx.db.$transaction(async (tx) => {
    const patients = await tx.patient.findMany({
      where: { AND: [match, { practice: { pcnId: ctx.actor.pcnId } }] },
      orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { dateOfBirth: "asc" }],
      take: RESULT_LIMIT,
      select: {
        id: true,
        givenName: true,
        familyName: true,
        nhsNumber: true,
        dateOfBirth: true,
        appointments: clinicDayId
          ? { where: { activeMorningDayId: clinicDayId }, select: { slot: { select: { startsAt: true } } } }
          : { where: { id: { in: [] } }, select: { slot: { select: { startsAt: true } } } },
      },
    });
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "patient.search", request: ctx.request, details: { purpose: "booking", query } },
      patients.map((p) => p.id),
    );
    return patients.map((p) => ({
      id: p.id,
      name: `${p.givenName} ${p.familyName}`,
      nhsNumber: formatNhsNumber(p.nhsNumber),
      dateOfBirth: formatLondon(new Date(`${p.dateOfBirth.toISOString().slice(0, 10)}T12:00:00Z`), "d MMM yyyy"),
      bookedAt: p.appointments[0] ? formatLondon(p.appointments[0].slot.startsAt, "HH:mm") : null,
    }));
  });
}
