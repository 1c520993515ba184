import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import type {
  HuddleCaseStatus,
  HuddleDestination,
  LongTermCondition,
  MentalHealthService,
  ReferralPathway,
  ReferralStatus,
  Role,
  TriageOutcomeKind,
} from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { orderCases } from "@/lib/huddle/order";
import { huddleTimer, type TimerState } from "@/lib/huddle/timer";
import { CURRENT_PHQ4, PHQ4_NEWEST_FIRST } from "@/lib/phq4/current";
import { instantToLondonTime, londonToday } from "@/lib/schedule";
import { dateOnly, dateOnlyToDb, isoDate } from "@/lib/schedule/date-only";
import { getHuddleSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";
import { HUDDLE_NOT_FOUND, isPartner, visibleHuddles } from "./internal/huddle-access";
import { rollOverPastHuddles } from "./internal/roll-over";

/**
 * One case as the huddle discusses it: the question and what the discussion
 * needs (age, conditions, the latest PHQ-4 total, the latest triage's summary,
 * open risks) and nothing more: no contact details, PHQ-4 item answers, care
 * plan or notes, so a mental health partner sees no more than the huddle needs.
 */
export type HuddleCaseView = {
  id: string;
  position: number;
  status: HuddleCaseStatus;
  urgent: boolean;
  question: string;
  broughtAt: Date;
  broughtByName: string;
  /** Carried over from an earlier huddle. */
  carriedOver: boolean;
  patient: { id: string; name: string; nhsNumber: string; age: number; conditions: LongTermCondition[] };
  phq4: { total: number; date: string } | null;
  triage: { date: string; outcome: TriageOutcomeKind; presentingProblems: string; pathway: ReferralPathway | null; signpostTo: string | null } | null;
  risks: Array<{ summary: string; actionTaken: string | null; triageDate: string }>;
  decision: {
    destination: HuddleDestination;
    reason: string;
    pathway: ReferralPathway | null;
    serviceName: string | null;
    whatIsNeeded: string | null;
    acceptedByName: string | null;
    referralId: string | null;
    /** The referral's follow-through: who owns it and by when it should be accepted. */
    referral: { status: ReferralStatus; ownerName: string | null; acceptBy: string | null } | null;
  } | null;
};

export type HuddleView = {
  id: string;
  date: string;
  time: string;
  durationMinutes: number;
  closed: boolean;
  attendees: Array<{
    staffId: string;
    name: string;
    roles: Role[];
    partnerService: MentalHealthService | null;
    partnerServiceName: string | null;
    present: boolean | null;
  }>;
  cases: HuddleCaseView[];
  timer: TimerState;
};

function ageOn(dateOfBirth: Date, today: string): number {
  const [y, m, d] = today.split("-").map(Number);
  const age = y - dateOfBirth.getUTCFullYear();
  const before = m - 1 < dateOfBirth.getUTCMonth() || (m - 1 === dateOfBirth.getUTCMonth() && d < dateOfBirth.getUTCDate());
  return before ? age - 1 : age;
}

/**
 * Today's huddle of the PCN (or the one named), its attendees and its cases in
 * the order they are discussed, with the timer. Earlier huddles left open are
 * closed first and their undecided cases carried forward (automatically). A mental health partner sees
 * only huddles they are listed for: any other is "not found". Every case shown
 * is one audited view of that patient's record.
 */
export async function getTodaysHuddle(ctx: ServiceContext, input: unknown = {}, clock: ClockOption = {}): Promise<HuddleView | null> {
  assertPermission(ctx.actor, "huddle:view");
  const { huddleId } = parseInput(getHuddleSchema, input);
  const now = clock.now ?? new Date();
  const today = londonToday(now);
  return ctx.db.$transaction(async (tx) => {
    // Cases left undecided at an earlier huddle are carried forward before today's is shown.
    await rollOverPastHuddles(tx, ctx.actor.pcnId, ctx.request, now);
    const huddle = await tx.huddle.findFirst({
      where: { ...visibleHuddles(ctx.actor), ...(huddleId ? { id: huddleId } : { date: dateOnlyToDb(today) }) },
      include: {
        attendees: {
          include: { staff: { select: { name: true, roles: true, partnerService: true, partnerServiceName: true } } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        },
      },
    });
    if (!huddle) {
      if (huddleId) throw new AppError("NOT_FOUND", HUDDLE_NOT_FOUND);
      return null;
    }
    // What is shown: a closed huddle keeps every case it had; an open one its cases still to discuss and those decided there.
    const cases = await tx.huddleCase.findMany({
      where: { huddleId: huddle.id },
      include: {
        patient: { select: { id: true, givenName: true, familyName: true, nhsNumber: true, dateOfBirth: true, longTermConditions: true } },
        broughtBy: { select: { name: true } },
        decision: {
          include: {
            acceptedBy: { select: { name: true } },
            referral: { select: { status: true, acceptBy: true, owner: { select: { name: true } } } },
          },
        },
      },
    });
    const patientIds = cases.map((c) => c.patientId);
    const risks = await loadOpenRisks(tx, patientIds);
    const phq4s = await tx.phq4Assessment.findMany({
      where: { patientId: { in: patientIds }, ...CURRENT_PHQ4 },
      orderBy: PHQ4_NEWEST_FIRST,
      select: { patientId: true, total: true, recordedAt: true },
    });
    const triages = await tx.triageOutcome.findMany({
      where: { patientId: { in: patientIds } },
      orderBy: { recordedAt: "desc" },
      select: {
        patientId: true,
        outcome: true,
        presentingProblems: true,
        pathway: true,
        signpostTo: true,
        appointment: { select: { clinicDay: { select: { date: true } } } },
      },
    });
    const firstOf = <T extends { patientId: string }>(rows: T[]) => {
      const map = new Map<string, T>();
      for (const row of rows) if (!map.has(row.patientId)) map.set(row.patientId, row);
      return map;
    };
    const phq4By = firstOf(phq4s);
    const triageBy = firstOf(triages);

    const ordered = orderCases(cases.map((c) => ({ ...c, openRisk: risks.has(c.patientId) })));
    for (const c of ordered) {
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "huddle.case.view",
        patientId: c.patientId,
        entityType: "HuddleCase",
        entityId: c.id,
        request: ctx.request,
        details: { huddleId: huddle.id, asPartner: isPartner(ctx.actor) },
      });
    }
    const caseViews: HuddleCaseView[] = ordered.map((c) => {
      const phq4 = phq4By.get(c.patientId);
      const triage = triageBy.get(c.patientId);
      return {
        id: c.id,
        position: c.position,
        status: c.status,
        urgent: c.openRisk,
        question: c.question,
        broughtAt: c.broughtAt,
        broughtByName: c.broughtBy.name,
        carriedOver: c.rolledFromId !== null,
        patient: {
          id: c.patient.id,
          name: `${c.patient.givenName} ${c.patient.familyName}`,
          nhsNumber: c.patient.nhsNumber,
          age: ageOn(c.patient.dateOfBirth, today),
          conditions: c.patient.longTermConditions,
        },
        phq4: phq4 ? { total: phq4.total, date: londonToday(phq4.recordedAt) } : null,
        triage: triage
          ? {
              date: dateOnly(triage.appointment.clinicDay.date),
              outcome: triage.outcome,
              presentingProblems: triage.presentingProblems,
              pathway: triage.pathway,
              signpostTo: triage.signpostTo,
            }
          : null,
        risks: (risks.get(c.patientId) ?? []).map((r) => ({ summary: r.summary, actionTaken: r.actionTaken, triageDate: r.triageDate })),
        decision: c.decision
          ? {
              destination: c.decision.destination,
              reason: c.decision.reason,
              pathway: c.decision.pathway,
              serviceName: c.decision.serviceName,
              whatIsNeeded: c.decision.whatIsNeeded,
              acceptedByName: c.decision.acceptedBy?.name ?? null,
              referralId: c.decision.referralId,
              referral: c.decision.referral
                ? {
                    status: c.decision.referral.status,
                    ownerName: c.decision.referral.owner?.name ?? null,
                    acceptBy: isoDate(c.decision.referral.acceptBy),
                  }
                : null,
            }
          : null,
      };
    });
    const toDiscuss = caseViews.filter((c) => c.status === "OPEN" || c.status === "DECIDED" || c.status === "DEFERRED").map((c) => c.id);
    return {
      id: huddle.id,
      date: dateOnly(huddle.date),
      time: instantToLondonTime(huddle.startsAt),
      durationMinutes: huddle.durationMinutes,
      closed: huddle.closedAt !== null,
      attendees: huddle.attendees.map((a) => ({
        staffId: a.staffId,
        name: a.staff.name,
        roles: a.staff.roles,
        partnerService: a.staff.partnerService,
        partnerServiceName: a.staff.partnerServiceName,
        present: a.present,
      })),
      cases: caseViews,
      timer: huddleTimer({ startsAt: huddle.startsAt, durationMinutes: huddle.durationMinutes, caseIds: toDiscuss, now }),
    };
  });
}
