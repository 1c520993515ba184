import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import type {
  CompletedBy,
  LongTermCondition,
  ReferralPathway,
  ReferralStatus,
  StandardMeasure,
  TherapyAttendance,
  TherapyContactKind,
} from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import type { InstrumentBand, InstrumentItem, InstrumentOption } from "@/lib/outcomes/instruments";
import { referralOutcome, type ReferralOutcome } from "@/lib/outcomes/recovery";
import { dateOnly, isoDate } from "@/lib/schedule/date-only";
import { parseInput } from "@/lib/validation/parse";
import { referralCourseSchema } from "@/lib/validation/outcomes";
import { ensureBuiltinInstruments } from "./internal/instrument-versions";
import { pcnTalkingTherapiesReferral, usableVersions } from "./internal/therapy-contacts";

export type CourseMeasure = {
  id: string;
  /** The standard measure its version reports as (null: a local screen). */
  measure: StandardMeasure | null;
  instrument: string;
  instrumentVersionId: string;
  /** Counted in outcomes: its version is validated for outcome reporting. */
  validatedForOutcomes: boolean;
  answers: number[];
  total: number;
  maxTotal: number;
  band: string;
  completedBy: CompletedBy;
  adjustment: string | null;
  riskResponse: string | null;
};

export type CourseContact = {
  id: string;
  date: string;
  kind: TherapyContactKind;
  attendance: TherapyAttendance;
  practitioner: string;
  recordedBy: string;
  recordedAt: string;
  /** Corrected by a later contact: shown, but left out of the outcome. */
  supersededById: string | null;
  /** This contact corrects an earlier one, for this reason. */
  correctionReason: string | null;
  supersedesId: string | null;
  measures: CourseMeasure[];
};

export type InstrumentChoice = {
  id: string;
  label: string;
  builtIn: boolean;
  stem: string;
  items: InstrumentItem[];
  options: InstrumentOption[];
};

export type ReferralCourse = {
  referral: {
    id: string;
    patientId: string;
    name: string;
    nhsNumber: string;
    /** The patient's registered practice (its newsletter counts the referral). */
    practice: { name: string; odsCode: string };
    pathway: ReferralPathway;
    ltcCondition: LongTermCondition | null;
    status: ReferralStatus;
    referredAt: string;
    acceptedAt: string | null;
    enteredTreatmentAt: string | null;
    closedAt: string | null;
    closedReason: string | null;
  };
  /** Every contact, oldest first, corrected ones included. */
  contacts: CourseContact[];
  /** From the current contacts only (corrected ones left out), with PHQ-9/GAD-7 of outcome-validated versions. */
  outcome: ReferralOutcome;
  /** For the "Record a session" form. */
  practitioners: Array<{ id: string; name: string }>;
  instruments: { PHQ9: InstrumentChoice[]; GAD7: InstrumentChoice[] };
};

/**
 * One referral's course in Talking Therapies: the referral, its contacts with
 * their scores and bands, and the outcome so far (lib/outcomes/recovery.ts),
 * computed from the contacts still current. Reading it is audited.
 */
export async function getReferralCourse(ctx: ServiceContext, input: unknown): Promise<ReferralCourse> {
  assertPermission(ctx.actor, "referral:manage");
  const { referralId } = parseInput(referralCourseSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const referral = await tx.referral.findFirst({
      where: pcnTalkingTherapiesReferral(referralId, ctx.actor.pcnId),
      include: { patient: { select: { givenName: true, familyName: true, nhsNumber: true, practice: { select: { name: true, odsCode: true } } } } },
    });
    if (!referral) throw new AppError("NOT_FOUND", "That referral was not found.");
    const contacts = await tx.therapyContact.findMany({
      where: { referralId: referral.id },
      include: {
        practitioner: { select: { name: true } },
        recordedBy: { select: { name: true } },
        supersededBy: { select: { id: true } },
        responses: { include: { instrumentVersion: true }, orderBy: { id: "asc" } },
      },
      orderBy: [{ date: "asc" }, { recordedAt: "asc" }, { id: "asc" }],
    });
    await ensureBuiltinInstruments(tx);
    // One after the other: a transaction is one connection.
    const versions = await tx.instrumentVersion.findMany({
      where: { OR: [usableVersions(ctx.actor.pcnId, "PHQ9"), usableVersions(ctx.actor.pcnId, "GAD7")] },
      orderBy: [{ pcnId: { sort: "asc", nulls: "first" } }, { code: "asc" }, { version: "asc" }],
    });
    const practitioners = await tx.staffUser.findMany({
      where: { pcnId: ctx.actor.pcnId, active: true, roles: { has: "THERAPIST" } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "therapy.course.view",
      patientId: referral.patientId,
      entityType: "Referral",
      entityId: referral.id,
      request: ctx.request,
    });

    const course: CourseContact[] = contacts.map((c) => ({
      id: c.id,
      date: dateOnly(c.date),
      kind: c.kind,
      attendance: c.attendance,
      practitioner: c.practitioner.name,
      recordedBy: c.recordedBy.name,
      recordedAt: c.recordedAt.toISOString(),
      supersededById: c.supersededBy?.id ?? null,
      correctionReason: c.correctionReason,
      supersedesId: c.supersedesId,
      measures: c.responses.map((r) => {
        const v = r.instrumentVersion;
        const band = (v.bands as InstrumentBand[]).find((b) => r.total >= b.from && r.total <= b.to);
        return {
          id: r.id,
          measure: v.mapsTo,
          instrument: `${v.name} (${v.code} v${v.version})`,
          instrumentVersionId: v.id,
          validatedForOutcomes: v.validatedForOutcomes,
          answers: r.answers,
          total: r.total,
          maxTotal: v.maxTotal,
          band: band?.label ?? "",
          completedBy: r.completedBy,
          adjustment: r.adjustment,
          riskResponse: r.riskResponse,
        };
      }),
    }));

    const scoreOf = (c: CourseContact, measure: "PHQ9" | "GAD7") =>
      c.measures.find((m) => m.measure === measure && m.validatedForOutcomes)?.total ?? null;
    const outcome = referralOutcome(
      course
        .filter((c) => c.supersededById === null)
        .map((c) => ({ at: c.date, kind: c.kind, attendance: c.attendance, phq9: scoreOf(c, "PHQ9"), gad7: scoreOf(c, "GAD7") })),
      referral.status === "FINISHED_TREATMENT",
    );

    const choice = (v: (typeof versions)[number]): InstrumentChoice => ({
      id: v.id,
      label: v.pcnId === null ? `${v.name} (standard)` : `${v.name} (${v.code} v${v.version})`,
      builtIn: v.pcnId === null,
      stem: v.stem,
      items: v.items as InstrumentItem[],
      options: v.options as InstrumentOption[],
    });

    return {
      referral: {
        id: referral.id,
        patientId: referral.patientId,
        name: `${referral.patient.givenName} ${referral.patient.familyName}`,
        nhsNumber: referral.patient.nhsNumber,
        practice: referral.patient.practice,
        // A Talking Therapies referral always has its pathway (a check constraint).
        pathway: referral.pathway!,
        ltcCondition: referral.ltcCondition,
        status: referral.status,
        referredAt: dateOnly(referral.referredAt),
        acceptedAt: isoDate(referral.acceptedAt),
        enteredTreatmentAt: isoDate(referral.enteredTreatmentAt),
        closedAt: isoDate(referral.closedAt),
        closedReason: referral.closedReason,
      },
      contacts: course,
      outcome,
      practitioners,
      instruments: {
        PHQ9: versions.filter((v) => v.mapsTo === "PHQ9").map(choice),
        GAD7: versions.filter((v) => v.mapsTo === "GAD7").map(choice),
      },
    };
  });
}
