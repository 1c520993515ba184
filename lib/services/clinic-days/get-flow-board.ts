import { assertPermission, hasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { flowPosition, FLOW_STAGE_LABELS, overLimitText, stageCounts, type FlowFacts, type FlowStage } from "@/lib/flow-board";
import { formatNhsNumber } from "@/lib/nhs-number";
import { patientLanguage, type PatientLanguage } from "@/lib/patients/language";
import { PHQ4_BAND_LABELS, phq4Band } from "@/lib/phq4";
import { formatLondon } from "@/lib/schedule";
import { clinicDayRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViewsUnlessRecorded } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import type { DbTx } from "@/lib/db/client";
import type { DayCache } from "@/lib/db/day-cache";
import { stationLabel } from "@/lib/appointments/stations";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";
import { loadBoardFacts } from "@/lib/services/clinic-days/internal/board-facts";
import { ACTIVE_STATUSES } from "@/lib/appointments/statuses";
import { currentPhq4, firstRecordedAt } from "@/lib/phq4/current";
import { AFTERNOON_KIND_LABELS } from "@/lib/appointments/kinds";

/** The board polls every few seconds; one audited view per person per day per this many minutes keeps the trail readable. */
export const BOARD_AUDIT_INTERVAL_MINUTES = 10;

export type FlowBoardRow = {
  patientId: string;
  name: string;
  language: PatientLanguage;
  nhsNumber: string;
  stage: FlowStage;
  stageLabel: string;
  /** ISO instant, or null when nothing records when the stage began. */
  stageSince: string | null;
  /** "HH:mm", London time. */
  stageSinceTime: string | null;
  minutesInStage: number | null;
  waitingMinutes: number | null;
  overLimit: boolean;
  overLimitText: string | null;
  itinerary: {
    morning: { time: string; station: string } | null;
    afternoon: Array<{
      kind: "TALKING_THERAPIES" | "GP";
      label: string;
      time: string;
      clinician: string | null;
      missed: "did not attend" | "left before being seen" | null;
    }>;
    waitlisted: Array<{ kind: "TALKING_THERAPIES" | "GP"; label: string }>;
  };
  /** Present only for roles allowed clinical content; reception's answer has no such key. */
  phq4?: { total: number; band: string } | null;
  /** Clinical roles only, like phq4: true when the patient has an open risk from a triage on any day. */
  risk?: boolean;
  /** Clinical roles only: each open risk's kinds, action taken and triage date. */
  risks?: Array<{
    triageOutcomeId: string;
    kinds: Array<"riskToSelf" | "riskToOthers" | "riskFromOthers">;
    summary: string;
    actionTaken: string | null;
    triageDate: string;
  }>;
};

export type FlowBoard = {
  clinicDayId: string;
  date: string;
  dateLabel: string;
  clinicName: string;
  waitingLimitMinutes: number;
  showsPhq4: boolean;
  /** ISO instant the board was built, and the same as "HH:mm:ss" London time. */
  generatedAt: string;
  updatedTime: string;
  counts: Array<{ stage: FlowStage; label: string; count: number }>;
  overLimitCount: number;
  rows: FlowBoardRow[];
};

/**
 * The live flow board of one clinic day: every patient booked for it, where
 * they are now and for how long. PHQ-4 results only for clinical roles, left
 * out of the data itself (not just hidden) for everyone else.
 */
export async function getFlowBoard(ctx: ServiceContext, input: unknown, options: { now?: Date; shared?: DayCache } = {}): Promise<FlowBoard> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { clinicDayId } = parseInput(clinicDayRefSchema, input);
  const clinical = hasPermission(ctx.actor.roles, "clinical:view");
  const shared = options.shared;
  if (!shared || options.now) {
    // No transaction: the board is one statement (one snapshot) and the audited view another.
    const built = await buildBoard(ctx.db, { clinicDayId, pcnId: ctx.actor.pcnId, clinical, now: options.now ?? new Date() });
    await auditView(ctx.db, ctx, built, clinical, options.now ?? new Date());
    return built.board;
  }
  // The live board: every screen of this PCN and kind (clinical or not) shares one build until the day changes.
  const built = await shared.read(clinicDayId, `board|${ctx.actor.pcnId}|${clinical ? "clinical" : "reception"}`, () =>
    buildBoard(ctx.db, { clinicDayId, pcnId: ctx.actor.pcnId, clinical, now: new Date() }),
  );
  // Still one audited view per person per day per interval: the database says whether it is due, this instance remembers it was.
  const viewed = `viewed|${ctx.actor.id}|${clinicDayId}`;
  if (!shared.seen(viewed, BOARD_AUDIT_INTERVAL_MINUTES * 60_000)) {
    await auditView(ctx.db, ctx, built, clinical, new Date());
    shared.mark(viewed);
  }
  return built.board;
}

type BuiltBoard = { board: FlowBoard; patientIds: string[] };

/** Records that the actor viewed the board's patients, unless they did within BOARD_AUDIT_INTERVAL_MINUTES: one statement. */
async function auditView(db: DbTx, ctx: ServiceContext, built: BuiltBoard, clinical: boolean, now: Date): Promise<void> {
  await recordPatientViewsUnlessRecorded(
    db,
    {
      actor: ctx.actor,
      action: "flow-board.view",
      entityType: "ClinicDay",
      entityId: built.board.clinicDayId,
      request: ctx.request,
      details: { phq4Shown: clinical },
    },
    built.patientIds,
    new Date(now.getTime() - BOARD_AUDIT_INTERVAL_MINUTES * 60_000),
  );
}

/** The board as the database has it now: the same for everyone of one PCN who may (or may not) see clinical content. */
async function buildBoard(db: DbTx, input: { clinicDayId: string; pcnId: string; clinical: boolean; now: Date }): Promise<BuiltBoard> {
  const { clinical, now } = input;
  const loaded = await loadBoardFacts(db, input);
  if (!loaded) throw new AppError("NOT_FOUND", "That clinic day was not found");
  const { day, appointments, assessments, waitlist, carePlans } = loaded;
  const limit = day.clinic.waitingLimitMinutes;
  const patientIds = [...new Set(appointments.map((a) => a.patientId))];
  // Clinical content: reception's board does not read the triage at all.
  const risky = clinical ? await loadOpenRisks(db, patientIds) : null;

  const byPatient = new Map<string, typeof appointments>();
  for (const a of appointments) byPatient.set(a.patientId, [...(byPatient.get(a.patientId) ?? []), a]);
  const assessmentsByAppointment = new Map<string, typeof assessments>();
  for (const a of assessments) assessmentsByAppointment.set(a.appointmentId, [...(assessmentsByAppointment.get(a.appointmentId) ?? []), a]);
  const phq4ByAppointment = new Map<string, { firstAt: Date; total: number | null }>();
  for (const [appointmentId, versions] of assessmentsByAppointment) {
    // The first sets when it was done, the current amendment its total.
    const current = currentPhq4(versions)!;
    const total = clinical && typeof current.total === "number" ? current.total : null;
    phq4ByAppointment.set(appointmentId, { firstAt: firstRecordedAt(versions)!, total });
  }

  const rows: Array<FlowBoardRow & { sortKey: number }> = [];
  for (const [patientId, own] of byPatient) {
    const mornings = own.filter((a) => a.kind === "WRAP_AROUND");
    // The active morning appointment if there is one; otherwise the latest cancelled one.
    const morning =
      mornings.find((a) => ACTIVE_STATUSES.includes(a.status)) ??
      [...mornings].sort((a, b) => (b.cancelledAt?.getTime() ?? 0) - (a.cancelledAt?.getTime() ?? 0))[0] ??
      null;
    const afternoon = own.filter((a) => a.kind !== "WRAP_AROUND" && ACTIVE_STATUSES.includes(a.status));
    // Someone who cancelled the morning and has nothing else today is shown as cancelled; an afternoon-only patient has no morning.
    const morningActive = morning && (ACTIVE_STATUSES.includes(morning.status) || afternoon.length === 0) ? morning : null;
    const phq4 = morning ? phq4ByAppointment.get(morning.id) : undefined;
    const facts: FlowFacts = {
      morning: morningActive
        ? {
            status: morningActive.status,
            bookedAt: morningActive.bookedAt,
            checkedInAt: morningActive.checkedInAt,
            noShowAt: morningActive.noShowAt,
            endedAt: morningActive.endedAt,
            cancelledAt: morningActive.cancelledAt,
          }
        : null,
      phq4At: phq4?.firstAt ?? null,
      afternoon: afternoon.map((a) => ({
        kind: a.kind as "TALKING_THERAPIES" | "GP",
        status: a.status,
        slotStartsAt: a.slot.startsAt,
        bookedAt: a.bookedAt,
        startedAt: a.startedAt,
        endedAt: a.endedAt,
        noShowAt: a.noShowAt,
        leftBeforeSeen: a.leftBeforeSeen,
      })),
      waitlisted: waitlist.some((w) => w.patientId === patientId),
    };
    facts.carePlanDoneAt = carePlans.find((p) => p.patientId === patientId)?.finalisedAt ?? null;
    const position = flowPosition(facts, now, limit);
    const first = own[0].patient;
    const row: FlowBoardRow & { sortKey: number } = {
      patientId,
      name: `${first.givenName} ${first.familyName}`,
      language: patientLanguage(first),
      nhsNumber: formatNhsNumber(first.nhsNumber),
      stage: position.stage,
      // A patient who checked themselves in through their link is shown so, for the desk to greet them.
      stageLabel: position.stage === "arrived" && morningActive?.selfCheckedIn ? "Arrived (self check-in)" : FLOW_STAGE_LABELS[position.stage],
      stageSince: position.since?.toISOString() ?? null,
      stageSinceTime: position.since ? formatLondon(position.since, "HH:mm") : null,
      minutesInStage: position.minutesInStage,
      waitingMinutes: position.waitingMinutes,
      overLimit: position.overLimit,
      overLimitText: overLimitText(position, limit),
      itinerary: {
        morning: morning
          ? { time: formatLondon(morning.slot.startsAt, "HH:mm"), station: stationLabel(morning.slot.column, morning.slot.staff?.name) }
          : null,
        afternoon: [...afternoon]
          .sort((a, b) => a.slot.startsAt.getTime() - b.slot.startsAt.getTime())
          .map((a) => {
            const kind = a.kind as "TALKING_THERAPIES" | "GP";
            const missed = a.status === "NOSHOW" ? (a.leftBeforeSeen ? "left before being seen" : "did not attend") : null;
            return {
              kind,
              label: AFTERNOON_KIND_LABELS[kind],
              time: formatLondon(a.slot.startsAt, "HH:mm"),
              clinician: a.slot.staff?.name ?? null,
              missed,
            };
          }),
        waitlisted: waitlist
          .filter((w) => w.patientId === patientId)
          .map((w) => ({ kind: w.kind as "TALKING_THERAPIES" | "GP", label: AFTERNOON_KIND_LABELS[w.kind as "TALKING_THERAPIES" | "GP"] })),
      },
      sortKey: (morning ?? own[0]).slot.startsAt.getTime() * 100 + (morning?.slot.column ?? 99),
    };
    if (clinical) row.phq4 = phq4 && phq4.total !== null ? { total: phq4.total, band: PHQ4_BAND_LABELS[phq4Band(phq4.total)] } : null;
    if (risky) {
      const risks = risky.get(patientId) ?? [];
      row.risk = risks.length > 0;
      row.risks = risks.map(({ triageOutcomeId, kinds, summary, actionTaken, triageDate }) => ({
        triageOutcomeId,
        kinds,
        summary,
        actionTaken,
        triageDate,
      }));
    }
    rows.push(row);
  }
  rows.sort((a, b) => a.sortKey - b.sortKey || a.name.localeCompare(b.name));

  const date = day.date.toISOString().slice(0, 10);
  const overLimitCount = rows.filter((r) => r.overLimit).length;
  const board: FlowBoard = {
    clinicDayId: day.id,
    date,
    dateLabel: formatLondon(new Date(`${date}T12:00:00Z`), "EEEE d MMMM yyyy"),
    clinicName: day.clinic.name,
    waitingLimitMinutes: limit,
    showsPhq4: clinical,
    generatedAt: now.toISOString(),
    updatedTime: formatLondon(now, "HH:mm:ss"),
    counts: stageCounts(rows.map((r) => r.stage)),
    overLimitCount,
    rows: rows.map(({ sortKey: _sortKey, ...row }) => row),
  };
  return { board, patientIds };
}
