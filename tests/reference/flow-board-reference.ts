/**
 * REFERENCE ONLY: the flow board's reads and the open-risk read as they were before each became one statement
 * (commit 53ed477: lib/services/clinic-days/get-flow-board.ts buildBoard, lib/services/risks/internal/open-risks.ts),
 * kept unchanged but for their names, so the tests can show the one-statement versions give the same board and the
 * same open risks. Seven and three Prisma reads in turn; do not use them in the app.
 */
import { AppError } from "@/lib/errors/app-error";
import { flowPosition, FLOW_STAGE_LABELS, overLimitText, stageCounts, type FlowFacts } from "@/lib/flow-board";
import { formatNhsNumber } from "@/lib/nhs-number";
import { PATIENT_LANGUAGE, patientLanguage } from "@/lib/patients/language";
import { PHQ4_BAND_LABELS, phq4Band } from "@/lib/phq4";
import { formatLondon } from "@/lib/schedule";
import type { DbTx } from "@/lib/db/client";
import { stationLabel } from "@/lib/appointments/stations";
import { ACTIVE_STATUSES } from "@/lib/appointments/statuses";
import { currentPhq4, firstRecordedAt } from "@/lib/phq4/current";
import { AFTERNOON_KIND_LABELS } from "@/lib/appointments/kinds";
import type { FlowBoard, FlowBoardRow } from "@/lib/services/clinic-days/get-flow-board";
import type { OpenRisk } from "@/lib/services/risks/internal/open-risks";
import { riskSummary } from "@/lib/triage";
import { isRiskOpen, riskKinds, riskSinceVersion, type RiskVersion } from "@/lib/triage/risk";

type BuiltBoard = { board: FlowBoard; patientIds: string[] };

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Patient id → their open risks, newest triage first; patients with none are absent. */
export async function referenceOpenRisks(tx: DbTx, patientIds: readonly string[]): Promise<Map<string, OpenRisk[]>> {
  const out = new Map<string, OpenRisk[]>();
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return out;
  const triages = await tx.triageOutcome.findMany({
    where: { patientId: { in: ids }, OR: [{ riskToSelf: true }, { riskToOthers: true }, { riskFromOthers: true }] },
    select: {
      id: true,
      patientId: true,
      riskToSelf: true,
      riskToOthers: true,
      riskFromOthers: true,
      riskActionTaken: true,
      version: true,
      recordedAt: true,
      recordedBy: { select: { name: true } },
      appointment: { select: { clinicDay: { select: { date: true } } } },
    },
  });
  if (triages.length === 0) return out;
  const triageIds = triages.map((t) => t.id);
  // In turn, not Promise.all: an interactive transaction runs one query at a time.
  const versions = await tx.triageVersion.findMany({
    where: { triageOutcomeId: { in: triageIds } },
    select: { triageOutcomeId: true, version: true, riskToSelf: true, riskToOthers: true, riskFromOthers: true },
  });
  const reviews = await tx.riskReview.findMany({
    where: { triageOutcomeId: { in: triageIds } },
    select: { triageOutcomeId: true, triageVersion: true },
  });

  for (const t of triages) {
    // The database keeps the current version with the triage's content; read it from the triage itself all the same.
    const history: RiskVersion[] = [...versions.filter((v) => v.triageOutcomeId === t.id && v.version < t.version), { ...t, version: t.version }];
    const mine = reviews.filter((r) => r.triageOutcomeId === t.id);
    if (!isRiskOpen(history, mine)) continue;
    const risk: OpenRisk = {
      triageOutcomeId: t.id,
      patientId: t.patientId,
      kinds: riskKinds(t),
      summary: riskSummary(t),
      actionTaken: t.riskActionTaken,
      triageDate: iso(t.appointment.clinicDay.date),
      recordedByName: t.recordedBy.name,
      version: t.version,
      sinceVersion: riskSinceVersion(history)!,
    };
    out.set(t.patientId, [...(out.get(t.patientId) ?? []), risk]);
  }
  for (const list of out.values())
    list.sort((a, b) => b.triageDate.localeCompare(a.triageDate) || b.triageOutcomeId.localeCompare(a.triageOutcomeId));
  return out;
}

/** The board as the database has it now: the same for everyone of one PCN who may (or may not) see clinical content. */
export async function referenceFlowBoard(tx: DbTx, input: { clinicDayId: string; pcnId: string; clinical: boolean; now: Date }): Promise<BuiltBoard> {
  const { clinicDayId, clinical, now } = input;
  const day = await tx.clinicDay.findFirst({
    where: { id: clinicDayId, clinic: { pcnId: input.pcnId } },
    select: { id: true, date: true, clinic: { select: { id: true, name: true, waitingLimitMinutes: true } } },
  });
  if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found");
  const limit = day.clinic.waitingLimitMinutes;

  const appointments = await tx.appointment.findMany({
    where: { clinicDayId: day.id },
    select: {
      id: true,
      patientId: true,
      kind: true,
      status: true,
      bookedAt: true,
      checkedInAt: true,
      selfCheckedIn: true,
      noShowAt: true,
      startedAt: true,
      endedAt: true,
      cancelledAt: true,
      leftBeforeSeen: true,
      patient: { select: { givenName: true, familyName: true, nhsNumber: true, ...PATIENT_LANGUAGE } },
      slot: { select: { startsAt: true, column: true, staff: { select: { name: true } } } },
    },
  });
  const morningIds = appointments.filter((a) => a.kind === "WRAP_AROUND").map((a) => a.id);
  const patientIds = [...new Set(appointments.map((a) => a.patientId))];
  // In turn, not Promise.all: an interactive transaction runs one query at a time.
  const assessments = await tx.phq4Assessment.findMany({
    where: { appointmentId: { in: morningIds } },
    // Reception's query does not even read the scores.
    select: { id: true, appointmentId: true, recordedAt: true, amendsId: true, ...(clinical ? { total: true } : {}) },
    orderBy: { recordedAt: "asc" },
  });
  const waitlist = await tx.waitlistEntry.findMany({
    where: { clinicId: day.clinic.id, openClinicId: { not: null }, patientId: { in: patientIds } },
    select: { patientId: true, kind: true },
  });

  // Clinical content: reception's query does not read the triage at all.
  const risky = clinical ? await referenceOpenRisks(tx, patientIds) : null;

  const carePlans = await tx.carePlan.findMany({
    where: { clinicDayId: day.id, finalisedAt: { not: null } },
    select: { patientId: true, finalisedAt: true },
  });
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
