import { assertPermission, hasPermission } from "@/lib/auth/permissions";
import { mergeRecommendations, type RecommendationDecision } from "@/lib/care-plan";
import { scorePhq4 } from "@/lib/phq4";
import { formatLondon, londonToday } from "@/lib/schedule";
import { patientRefSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { bmi } from "@/lib/wrap-around";
import { isReferralOverdue } from "@/lib/huddle/overdue";
import { recordAudit } from "@/lib/db/audit";
import { dbDate, isoDate } from "@/lib/schedule/date-only";
import { loadPatient } from "@/lib/services/care-plans/internal/care-plan-records";
import type { ServiceContext } from "@/lib/db/context";
import { loadPlans } from "@/lib/services/care-plans/internal/load-plans";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";
import { loadTherapyWaitlisted } from "@/lib/services/routing/internal/therapy-waitlisted";
import { CURRENT_PHQ4, PHQ4_NEWEST_FIRST } from "@/lib/phq4/current";

const decimal = (v: { toNumber(): number } | null) => (v === null ? null : v.toNumber());

/**
 * Everything the GP needs on one screen for one patient: conditions, the
 * latest wrap-around results and PHQ-4 (with its anxiety and depression
 * subscales), every open risk from any triage (until a clinician records it
 * reviewed or resolved), whether the patient waits for Talking Therapies, the
 * latest triage outcome with its recommendations, the referral huddle's cases and
 * decisions (with each referral's standing), the current care plan and any
 * draft, and the choices the care plan editor offers (the PCN's health buddies,
 * future clinic days).
 */
export async function getPatientSummary(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}) {
  assertPermission(ctx.actor, "clinical:view");
  assertPermission(ctx.actor, "care-plan:view");
  const { patientId } = parseInput(patientRefSchema, input);
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const patient = await loadPatient(tx, ctx.actor.pcnId, patientId);
    const wrap = await tx.wrapAroundCheck.findFirst({
      where: { patientId },
      orderBy: { recordedAt: "desc" },
      include: { appointment: { select: { clinicDay: { select: { date: true } } } } },
    });
    const phq4 = await tx.phq4Assessment.findFirst({ where: { patientId, ...CURRENT_PHQ4 }, orderBy: PHQ4_NEWEST_FIRST });
    const triage = await tx.triageOutcome.findFirst({
      where: { patientId },
      orderBy: { recordedAt: "desc" },
      include: { recordedBy: { select: { name: true } } },
    });
    const plans = await loadPlans(tx, patientId);
    const openRisks = (await loadOpenRisks(tx, [patientId])).get(patientId) ?? [];
    const therapyWaitlisted = (await loadTherapyWaitlisted(tx, [patientId])).get(patientId) ?? null;
    // Talking Therapies measures: the latest PHQ-9 and GAD-7, and every answer above 0 to a risk item (PHQ-9 item 9,
    // or an adapted version's risk item) with what was done about it, so a risk raised in treatment reaches the GP.
    const measures = await tx.measureResponse.findMany({
      where: { patientId, OR: [{ riskResponse: { not: null } }, { instrumentVersion: { mapsTo: { in: ["PHQ9", "GAD7"] } } }] },
      orderBy: { recordedAt: "desc" },
      take: 50,
      select: {
        answers: true,
        total: true,
        riskResponse: true,
        recordedAt: true,
        recordedBy: { select: { name: true } },
        contact: { select: { date: true } },
        instrumentVersion: { select: { name: true, version: true, mapsTo: true, maxTotal: true, items: true } },
      },
    });
    // The referral huddle: the patient's cases (latest first) and what was decided, with the referral's standing.
    const huddleCases = await tx.huddleCase.findMany({
      where: { patientId, status: { not: "ROLLED_OVER" }, huddle: { pcnId: ctx.actor.pcnId } },
      orderBy: { createdAt: "desc" },
      take: 10,
      include: {
        huddle: { select: { date: true } },
        decision: {
          select: {
            destination: true,
            reason: true,
            pathway: true,
            serviceName: true,
            whatIsNeeded: true,
            referral: { select: { id: true, status: true, acceptBy: true } },
          },
        },
      },
    });
    const editing = plans.draft ?? plans.final;
    const therapist = triage?.recommendations.filter((r) => r.trim()) ?? [];
    const canWrite = hasPermission(ctx.actor.roles, "care-plan:write");
    const keyWorkers = canWrite
      ? await tx.staffUser.findMany({
          where: { pcnId: ctx.actor.pcnId, active: true, roles: { has: "HEALTH_BUDDY" } },
          select: { id: true, name: true },
          orderBy: { name: "asc" },
        })
      : [];
    const reviewDays = canWrite
      ? await tx.clinicDay.findMany({
          where: { status: "SCHEDULED", date: { gt: dbDate(today)! }, clinic: { pcnId: ctx.actor.pcnId } },
          select: { id: true, date: true, clinic: { select: { name: true } } },
          orderBy: { date: "asc" },
          take: 60,
        })
      : [];
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "patient-summary.view",
      patientId,
      entityType: "Patient",
      entityId: patientId,
      request: ctx.request,
    });
    const score = phq4 ? scorePhq4([phq4.nervous, phq4.worrying, phq4.littleInterest, phq4.feelingDown]) : null;
    return {
      today,
      patient: {
        id: patient.id,
        name: `${patient.givenName} ${patient.familyName}`,
        nhsNumber: patient.nhsNumber,
        dateOfBirth: isoDate(patient.dateOfBirth)!,
        practiceName: patient.practice.name,
        conditions: patient.longTermConditions,
        preferredLanguage: patient.preferredLanguage,
        interpreterNeeded: patient.interpreterNeeded,
        accessibilityNeeds: patient.accessibilityNeeds,
      },
      wrapAround: wrap
        ? {
            date: isoDate(wrap.appointment.clinicDay.date)!,
            systolic: wrap.systolic,
            diastolic: wrap.diastolic,
            pulse: wrap.pulse,
            weightKg: decimal(wrap.weightKg),
            heightCm: decimal(wrap.heightCm),
            bmi: bmi(decimal(wrap.weightKg), decimal(wrap.heightCm)),
            bloodsTaken: wrap.bloodsTaken,
            footCheck: wrap.footCheck,
            spirometry: wrap.spirometry,
            inhalerCheck: wrap.inhalerCheck,
            otherTests: wrap.otherTests,
            notes: wrap.notes,
          }
        : null,
      phq4: phq4 && score ? { date: formatLondon(phq4.recordedAt, "yyyy-MM-dd"), ...score } : null,
      openRisks,
      /** Whether this reader may record an open risk reviewed or resolved. */
      canReviewRisk: hasPermission(ctx.actor.roles, "risk:review"),
      therapyWaitlisted,
      treatmentMeasures: {
        latest: (["PHQ9", "GAD7"] as const).flatMap((measure) => {
          const m = measures.find((r) => r.instrumentVersion.mapsTo === measure);
          return m
            ? [
                {
                  measure,
                  name: m.instrumentVersion.name,
                  total: m.total,
                  max: m.instrumentVersion.maxTotal,
                  date: isoDate(m.contact?.date ?? null) ?? formatLondon(m.recordedAt, "yyyy-MM-dd"),
                },
              ]
            : [];
        }),
        riskAnswers: measures
          .filter((m) => m.riskResponse !== null)
          .slice(0, 5)
          .map((m) => {
            const items = m.instrumentVersion.items as Array<{ risk?: boolean }>;
            return {
              date: isoDate(m.contact?.date ?? null) ?? formatLondon(m.recordedAt, "yyyy-MM-dd"),
              instrument: m.instrumentVersion.name,
              items: m.answers.flatMap((a, i) => (a > 0 && items[i]?.risk ? [i + 1] : [])),
              riskResponse: m.riskResponse!,
              recordedByName: m.recordedBy.name,
            };
          }),
      },
      huddle: huddleCases.map((c) => ({
        caseId: c.id,
        date: isoDate(c.huddle.date)!,
        question: c.question,
        status: c.status,
        decision: c.decision
          ? {
              destination: c.decision.destination,
              reason: c.decision.reason,
              pathway: c.decision.pathway,
              serviceName: c.decision.serviceName,
              whatIsNeeded: c.decision.whatIsNeeded,
              referral: c.decision.referral
                ? {
                    id: c.decision.referral.id,
                    status: c.decision.referral.status,
                    acceptBy: isoDate(c.decision.referral.acceptBy),
                    overdue: isReferralOverdue({ status: c.decision.referral.status, acceptBy: isoDate(c.decision.referral.acceptBy) }, today),
                  }
                : null,
            }
          : null,
      })),
      triage: triage
        ? {
            id: triage.id,
            version: triage.version,
            date: formatLondon(triage.recordedAt, "yyyy-MM-dd"),
            recordedByName: triage.recordedBy.name,
            presentingProblems: triage.presentingProblems,
            outcome: triage.outcome,
            pathway: triage.pathway,
            signpostKind: triage.signpostKind,
            signpostTo: triage.signpostTo,
            consentToReferral: triage.consentToReferral,
            risk: {
              toSelf: triage.riskToSelf,
              toOthers: triage.riskToOthers,
              fromOthers: triage.riskFromOthers,
              actionTaken: triage.riskActionTaken,
            },
            recommendations: therapist,
          }
        : null,
      carePlan: plans,
      editor: {
        keyWorkers,
        reviewDays: reviewDays.map((d) => ({ id: d.id, date: isoDate(d.date)!, clinicName: d.clinic.name })),
        recommendations: mergeRecommendations((editing?.recommendations ?? []) as RecommendationDecision[], therapist),
      },
    };
  });
}

export type PatientSummary = Awaited<ReturnType<typeof getPatientSummary>>;
