/**
 * Steps shared by recording a Talking Therapies contact and correcting one:
 * finding the PCN's referral, checking the practitioner, the date and each
 * measure against its exact instrument version, and writing the contact with
 * its responses. The database checks the same again (migration
 * 20261202143615_outcomes_through_treatment); these checks name the field to fix.
 */
import type { DbTx } from "@/lib/db/client";
import type { Actor } from "@/lib/db/context";
import type { Prisma } from "@/lib/db/generated/client";
import type { StandardMeasure } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { scoreInstrument, type InstrumentBand, type InstrumentItem, type InstrumentOption } from "@/lib/outcomes/instruments";
import { dateOnly, dateOnlyToDb } from "@/lib/schedule/date-only";
import { ukDate } from "@/lib/triage";
import { SESSION_MEASURE_LABELS, SESSION_MEASURES, type RecordTherapyContact, type SessionMeasure } from "@/lib/validation/outcomes";
import { ensureBuiltinInstruments } from "./instrument-versions";

/** A Talking Therapies referral (no partner service) made at the PCN's triage or huddle. */
export function pcnTalkingTherapiesReferral(referralId: string, pcnId: string): Prisma.ReferralWhereInput {
  return {
    id: referralId,
    service: null,
    OR: [
      { triageOutcome: { appointment: { clinicDay: { clinic: { pcnId } } } } },
      { huddleDecisions: { some: { huddleCase: { huddle: { pcnId } } } } },
    ],
  };
}

export const MEASURE_OF: Record<SessionMeasure, StandardMeasure> = { phq9: "PHQ9", gad7: "GAD7" };

/** The versions a PCN may use for a standard measure: the built-in one and its own that map to it. */
export function usableVersions(pcnId: string, measure: StandardMeasure): Prisma.InstrumentVersionWhereInput {
  return { mapsTo: measure, OR: [{ pcnId: null }, { pcnId }] };
}

export type ContactInput = RecordTherapyContact;

export type WrittenContact = {
  id: string;
  measures: Array<{ measure: StandardMeasure; version: string; total: number; band: string }>;
};

const itemsWord = (items: number[]) =>
  items.length === 1 ? `Item ${items[0]} was` : `Items ${items.slice(0, -1).join(", ")} and ${items.at(-1)} were`;

/**
 * Checks and writes one contact of `referral` (and its measures when attended),
 * superseding `supersedes` when it is a correction. Throws a VALIDATION error
 * naming every field to fix; nothing is written then.
 */
export async function writeTherapyContact(
  tx: DbTx,
  actor: Actor,
  referral: { id: string; patientId: string; referredAt: Date },
  input: ContactInput,
  correction?: { supersedesId: string; reason: string },
): Promise<WrittenContact> {
  const errors: Record<string, string> = {};
  const referredAt = dateOnly(referral.referredAt);
  if (input.date < referredAt) errors.date = `The session date cannot be before the referral on ${ukDate(referredAt)}`;

  const practitionerId = input.practitionerId ?? actor.id;
  const practitioner = await tx.staffUser.findFirst({
    where: { id: practitionerId, pcnId: actor.pcnId, active: true, roles: { has: "THERAPIST" } },
    select: { id: true },
  });
  if (!practitioner) errors.practitionerId = "Choose a Talking Therapies practitioner of this PCN";

  const responses: Array<Prisma.MeasureResponseUncheckedCreateWithoutContactInput> = [];
  const written: WrittenContact["measures"] = [];
  if (input.attendance === "ATTENDED") {
    await ensureBuiltinInstruments(tx);
    for (const m of SESSION_MEASURES) {
      const given = input[m];
      if (!given) continue;
      const label = SESSION_MEASURE_LABELS[m];
      const version = await tx.instrumentVersion.findFirst({
        where: { id: given.instrumentVersionId, ...usableVersions(actor.pcnId, MEASURE_OF[m]) },
      });
      if (!version) {
        errors[`${m}.instrumentVersionId`] = `Choose a version of the ${label} from the list`;
        continue;
      }
      const items = version.items as InstrumentItem[];
      const options = version.options as InstrumentOption[];
      const allowed = new Set(options.map((o) => o.value));
      let complete = given.answers.length === items.length;
      items.forEach((_, i) => {
        const a = given.answers[i];
        if (a === null || a === undefined || !allowed.has(a)) {
          complete = false;
          errors[`${m}.answer.${i + 1}`] ??= `Answer item ${i + 1} of the ${label}`;
        }
      });
      if (!complete) continue;
      const answers = given.answers as number[];
      const score = scoreInstrument(
        { name: version.name, items, options, bands: version.bands as InstrumentBand[], caseness: version.caseness },
        answers,
      );
      if (score.riskItems.length > 0 && !given.riskResponse) {
        errors[`${m}.riskResponse`] = `${itemsWord(score.riskItems)} answered above 0: record what you did about the risk`;
        continue;
      }
      responses.push({
        patientId: referral.patientId,
        instrumentVersionId: version.id,
        answers,
        total: score.total,
        completedBy: given.completedBy,
        adjustment: given.adjustment ?? null,
        // Kept only when a risk item asked for it: a note with no risk to answer is not a risk response.
        riskResponse: score.riskItems.length > 0 ? given.riskResponse! : null,
        recordedById: actor.id,
      });
      written.push({ measure: MEASURE_OF[m], version: `${version.code} v${version.version}`, total: score.total, band: score.band });
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError("VALIDATION", Object.values(errors)[0], { fieldErrors: errors });
  }

  const contact = await tx.therapyContact.create({
    data: {
      referralId: referral.id,
      date: dateOnlyToDb(input.date),
      kind: input.kind,
      attendance: input.attendance,
      practitionerId,
      recordedById: actor.id,
      supersedesId: correction?.supersedesId ?? null,
      correctionReason: correction?.reason ?? null,
      responses: { create: responses },
    },
    select: { id: true },
  });
  return { id: contact.id, measures: written };
}
