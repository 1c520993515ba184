import type { Bundle } from "@medplum/fhirtypes";
import { assertPermission, hasPermission } from "@/lib/auth/permissions";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { buildClinicDayBundle, type ClinicDayBundleInput } from "@/lib/fhir/clinic-day-bundle";
import { parseInput } from "@/lib/validation/parse";
import { patientClinicDaySchema } from "@/lib/validation/exports";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { CURRENT_PHQ4, PHQ4_NEWEST_FIRST } from "@/lib/phq4/current";
import { HUDDLE_DESTINATION_LABELS } from "@/lib/huddle/services";
import { COMPLETED_BY_LABELS } from "@/lib/outcomes/instruments";

type CarePlanAction = { description: string; who?: string | null; byWhen?: string | null };

/** Care plan actions are JSON written by the care-plan feature; take what reads as an action and skip the rest. */
function actionsOf(value: unknown): CarePlanAction[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    const a = raw as Record<string, unknown>;
    if (!a || typeof a.description !== "string" || !a.description.trim()) return [];
    const byWhen = typeof a.byWhen === "string" && /^\d{4}-\d{2}-\d{2}/.test(a.byWhen) ? a.byWhen.slice(0, 10) : null;
    return [{ description: a.description, who: typeof a.who === "string" ? a.who : null, byWhen }];
  });
}

const isoDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/** Who recorded what, by name, for the display-only references. */
async function staffNames(tx: DbTx, ids: Array<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const rows = await tx.staffUser.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The patient's referrals made at the PCN's referral huddle after this clinic
 * day: those whose first huddle decision falls on or after the day and before
 * the patient's next clinic day (that day's Bundle carries the ones after it),
 * with their decisions in order.
 */
async function loadHuddleReferrals(tx: DbTx, patientId: string, dayDate: Date) {
  const next = await tx.appointment.findFirst({
    where: { patientId, clinicDay: { date: { gt: dayDate } }, status: { notIn: ["CANCELLED", "ENTERED_IN_ERROR"] } },
    orderBy: { clinicDay: { date: "asc" } },
    select: { clinicDay: { select: { date: true } } },
  });
  const referrals = await tx.referral.findMany({
    where: { patientId, huddleDecisions: { some: {} } },
    include: {
      huddleDecisions: {
        include: { huddleCase: { select: { question: true, broughtById: true, huddle: { select: { date: true } } } } },
        orderBy: { decidedAt: "asc" },
      },
    },
    orderBy: { referredAt: "asc" },
  });
  const until = next?.clinicDay.date ?? null;
  return referrals.filter((r) => {
    const first = r.huddleDecisions[0].huddleCase.huddle.date;
    return first >= dayDate && (until === null || first < until);
  });
}

/**
 * One patient's clinic day as a FHIR R4 Bundle: demographics, practice,
 * appointments and slots, the current PHQ-4 (QuestionnaireResponse and total
 * Observation), the referral (ServiceRequest) and the care plan made that day,
 * the referrals the PCN's referral huddle made after it (ServiceRequests), and
 * the PHQ-9 and GAD-7 totals taken at those referrals' sessions (Observations).
 *
 * Clinical roles only (`clinical:view`): the Bundle is clinical content from
 * end to end, so reception is refused rather than handed a partial record.
 * A care plan is included when the actor may read it: a health buddy only as
 * its key worker. Audited as `fhir.export` with what went into the Bundle.
 */
export async function exportFhirBundle(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<Bundle> {
  assertPermission(ctx.actor, "clinical:view");
  const { patientId, clinicDayId } = parseInput(patientClinicDaySchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const patient = await tx.patient.findFirst({ where: { id: patientId, practice: { pcnId: ctx.actor.pcnId } }, include: { practice: true } });
    const day = await tx.clinicDay.findFirst({
      where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } },
      include: { clinic: { include: { site: true } } },
    });
    if (!patient || !day) throw new AppError("NOT_FOUND", "That patient or clinic day was not found.");
    const appointments = await tx.appointment.findMany({
      where: { patientId, clinicDayId },
      include: {
        slot: { include: { staff: { select: { name: true } }, room: { select: { name: true } } } },
        phq4Assessments: { where: CURRENT_PHQ4, orderBy: PHQ4_NEWEST_FIRST },
        triageOutcome: { include: { referral: true } },
      },
      orderBy: { slot: { startsAt: "asc" } },
    });
    if (appointments.length === 0) throw new AppError("NOT_FOUND", "That patient has no appointments on this clinic day.");

    const phq4 = appointments.flatMap((a) => a.phq4Assessments)[0] ?? null;
    const triage = appointments.map((a) => a.triageOutcome).find((t) => t?.referral) ?? null;
    const referral = triage?.referral ?? null;
    const plans = await tx.carePlan.findMany({ where: { patientId, clinicDayId }, orderBy: { version: "desc" }, take: 1 });
    const plan = plans[0] ?? null;
    const mayReadPlan =
      plan !== null &&
      hasPermission(ctx.actor.roles, "care-plan:view") &&
      (ctx.actor.roles.some((r) => r === "GP" || r === "THERAPIST" || r === "CLINIC_LEAD") || plan.keyWorkerId === ctx.actor.id);
    const huddleReferrals = await loadHuddleReferrals(tx, patientId, day.date);
    // The PHQ-9 and GAD-7 of the referrals in this Bundle, from contacts not corrected since.
    const referralIds = [referral?.pathway && triage ? referral.id : null, ...huddleReferrals.map((r) => r.id)].filter(
      (x): x is string => x !== null,
    );
    const measures = await tx.measureResponse.findMany({
      where: {
        patientId,
        contact: { referralId: { in: referralIds }, supersededBy: { is: null } },
        instrumentVersion: { mapsTo: { in: ["PHQ9", "GAD7"] } },
      },
      include: {
        contact: { select: { date: true, referralId: true, practitionerId: true, supersedesId: true } },
        instrumentVersion: { select: { name: true, code: true, version: true, mapsTo: true } },
      },
      orderBy: [{ contact: { date: "asc" } }, { id: "asc" }],
    });
    const names = await staffNames(tx, [
      ...measures.map((m) => m.contact?.practitionerId),
      phq4?.recordedById,
      triage?.recordedById,
      plan?.keyWorkerId,
      plan?.authorId,
      ...huddleReferrals.flatMap((r) => [r.ownerId, ...r.huddleDecisions.flatMap((d) => [d.recordedById, d.acceptedById, d.huddleCase.broughtById])]),
    ]);

    const bundleInput: ClinicDayBundleInput = {
      generatedAt: now,
      patient: {
        id: patient.id,
        nhsNumber: patient.nhsNumber,
        givenName: patient.givenName,
        familyName: patient.familyName,
        dateOfBirth: isoDate(patient.dateOfBirth)!,
        sex: patient.sex,
        phone: patient.phone,
        email: patient.email,
        preferredLanguage: patient.preferredLanguage,
      },
      practice: { id: patient.practice.id, odsCode: patient.practice.odsCode, name: patient.practice.name },
      clinicDay: { id: day.id, date: isoDate(day.date)!, clinicName: day.clinic.name, siteName: day.clinic.site.name },
      appointments: appointments.map((a) => ({
        id: a.id,
        kind: a.kind,
        status: a.status,
        reason: a.reason,
        bookedAt: a.bookedAt,
        slot: {
          id: a.slot.id,
          sessionId: a.slot.sessionId,
          start: a.slot.startsAt,
          end: a.slot.endsAt,
          staffName: a.slot.staff?.name,
          roomName: a.slot.room?.name,
        },
      })),
      phq4: phq4
        ? {
            id: phq4.id,
            answers: [phq4.nervous, phq4.worrying, phq4.littleInterest, phq4.feelingDown],
            total: phq4.total,
            recordedAt: phq4.recordedAt,
            recordedByName: names.get(phq4.recordedById),
            amends: phq4.amendsId !== null,
          }
        : null,
      referral:
        referral?.pathway && triage
          ? {
              id: referral.id,
              pathway: referral.pathway,
              status: referral.status,
              referredAt: isoDate(referral.referredAt)!,
              closedReason: referral.closedReason,
              triage: {
                id: triage.id,
                recordedAt: triage.recordedAt,
                recordedByName: names.get(triage.recordedById),
                presentingProblems: triage.presentingProblems,
              },
            }
          : null,
      huddleReferrals: huddleReferrals.map((r) => ({
        id: r.id,
        service: r.service,
        serviceName: r.serviceName,
        pathway: r.pathway,
        status: r.status,
        referredAt: isoDate(r.referredAt)!,
        acceptBy: isoDate(r.acceptBy),
        acceptedAt: isoDate(r.acceptedAt),
        closedReason: r.closedReason,
        ownerName: r.ownerId ? names.get(r.ownerId) : null,
        decisions: r.huddleDecisions.map((d) => ({
          huddleDate: isoDate(d.huddleCase.huddle.date)!,
          question: d.huddleCase.question,
          decision: d.destination === "OTHER_SERVICE" && d.serviceName ? `Referred to ${d.serviceName}` : HUDDLE_DESTINATION_LABELS[d.destination],
          reason: d.reason,
          broughtByName: names.get(d.huddleCase.broughtById),
          recordedByName: names.get(d.recordedById),
          acceptedByName: d.acceptedById ? names.get(d.acceptedById) : null,
        })),
      })),
      measures: measures.map((m) => ({
        id: m.id,
        measure: m.instrumentVersion.mapsTo as "PHQ9" | "GAD7",
        total: m.total,
        date: isoDate(m.contact!.date)!,
        instrument: `${m.instrumentVersion.name} (${m.instrumentVersion.code} v${m.instrumentVersion.version})`,
        referralId: m.contact!.referralId,
        practitionerName: names.get(m.contact!.practitionerId),
        completedBy: COMPLETED_BY_LABELS[m.completedBy],
        adjustment: m.adjustment,
        amends: m.contact!.supersedesId !== null,
      })),
      carePlan:
        plan && mayReadPlan
          ? {
              id: plan.id,
              version: plan.version,
              status: plan.status,
              whatMatters: plan.whatMatters,
              goals: plan.goals,
              actions: actionsOf(plan.actions),
              keyWorkerName: plan.keyWorkerId ? names.get(plan.keyWorkerId) : null,
              nextReviewDate: isoDate(plan.nextReviewDate),
              authorName: names.get(plan.authorId),
              createdAt: plan.createdAt,
            }
          : null,
    };
    const bundle = buildClinicDayBundle(bundleInput);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "fhir.export",
      patientId,
      entityType: "ClinicDay",
      entityId: day.id,
      request: ctx.request,
      details: {
        date: bundleInput.clinicDay.date,
        resources: (bundle.entry ?? []).map((e) => e.resource!.resourceType),
      },
    });
    return bundle;
  });
}
