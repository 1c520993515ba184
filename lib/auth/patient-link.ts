/**
 * The guard for patient pages (docs/decisions/0016-patient-links.md). A patient has no account: their link's
 * token (in the URL) names the link, and a cookie set when they confirmed their date of birth proves this browser
 * did so. Both must match the same link row, the link must still be open and the cookie's session unexpired;
 * otherwise the patient is asked for their date of birth again. Every patient page and action calls this itself.
 */
import { cookies, headers } from "next/headers";
import { db } from "@/lib/db/client";
import type { Db } from "@/lib/db/client";
import type { PatientLinkContext, PublicContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { hashToken, isTokenShaped, linkState, sameHash } from "@/lib/patient-links";
import { requestInfoOf } from "./options";

export const PATIENT_LINK_COOKIE = "clinic_patient_link";

export async function publicContext(): Promise<PublicContext> {
  return { db: db(), request: requestInfoOf(await headers()) };
}

/**
 * The link this token and session cookie open, or null. The link stays open past its expiry to the end of the
 * day of an appointment it holds (lib/patient-links linkWorksUntil).
 */
export async function resolvePatientLink(database: Db, token: string, sessionToken: string | undefined, now: Date) {
  if (!isTokenShaped(token) || !sessionToken || !isTokenShaped(sessionToken)) return null;
  const link = await database.patientLink.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      patientId: true,
      expiresAt: true,
      usedAt: true,
      cancelledAt: true,
      lockedAt: true,
      sessionHash: true,
      sessionExpiresAt: true,
      patient: { select: { practice: { select: { pcnId: true } } } },
    },
  });
  if (!link?.sessionHash || !link.sessionExpiresAt || link.sessionExpiresAt <= now) return null;
  if (!sameHash(link.sessionHash, hashToken(sessionToken))) return null;
  const appointmentDayEndsAt = await appointmentDayEnd(database, link.id, link.patientId, now);
  if (linkState({ ...link, appointmentDayEndsAt }, now) !== "OPEN") return null;
  return { id: link.id, patientId: link.patientId, pcnId: link.patient.practice.pcnId };
}

/** The end (London midnight after) of the day of the patient's next active morning appointment booked through this link. */
export async function appointmentDayEnd(database: Db, linkId: string, patientId: string, now: Date): Promise<Date | null> {
  const rows = await database.$queryRaw<Array<{ endsAt: Date }>>`
    SELECT ((d."date" + 1)::timestamp AT TIME ZONE 'Europe/London') AS "endsAt"
    FROM "Appointment" a JOIN "ClinicDay" d ON d."id" = a."clinicDayId"
    WHERE a."patientId" = ${patientId}::uuid AND a."bookedViaLinkId" = ${linkId}::uuid AND a."activeMorningDayId" IS NOT NULL
      AND ((d."date" + 1)::timestamp AT TIME ZONE 'Europe/London') > ${now}
    ORDER BY d."date" DESC LIMIT 1`;
  return rows[0]?.endsAt ?? null;
}

/** For patient pages and actions: the link's context, or UNAUTHENTICATED (the page then asks for the date of birth). */
export async function requirePatientLink(token: string): Promise<PatientLinkContext> {
  const database = db();
  const sessionToken = (await cookies()).get(PATIENT_LINK_COOKIE)?.value;
  const link = await resolvePatientLink(database, token, sessionToken, new Date());
  if (!link) throw new AppError("UNAUTHENTICATED", "Enter your date of birth to continue.");
  return { db: database, link, request: requestInfoOf(await headers()) };
}
