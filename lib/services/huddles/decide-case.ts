import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { DbTx } from "@/lib/db/client";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import type { MentalHealthService, ReferralPathway } from "@/lib/db/generated/enums";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { defaultAcceptBy } from "@/lib/huddle/overdue";
import { partnerMayDecide, referralTarget } from "@/lib/huddle/services";
import { applyTransition } from "@/lib/referral";
import { londonToday } from "@/lib/schedule";
import { dateOnly, dateOnlyToDb, isoDate } from "@/lib/schedule/date-only";
import { decideCaseSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";
import { assertAtHuddle, assertOpen, isPartner, loadVisibleHuddle } from "./internal/huddle-access";

type ReferralChange = {
  referralId: string; /** referral.link: an open referral the decision only points at. */
  action: "referral.create" | "referral.status" | "referral.update" | "referral.link";
  status: string;
};

const CASE_NOT_FOUND = "That case was not found. Refresh the page.";

/**
 * Records the one decision on a case at the huddle, with its reason, and makes
 * or moves on the patient's referral in the same transaction:
 * - accepted by Talking Therapies (step or pathway, and who accepted): the
 *   patient's open Talking Therapies referral moves to accepted (its pathway set
 *   to the one decided), or a new referral is made already accepted; on the
 *   long-term-conditions pathway it keeps its condition, or takes the patient's
 *   first listed long-term condition (none when they have none listed);
 * - referred to the CMHT, secondary care psychotherapy, step 4 / interface,
 *   perinatal or another named service: a referral to that service, accepted
 *   when a partner of that service accepted it at the huddle, otherwise referred
 *   with an owner (the GP who brought the case unless another is named) and a
 *   date by which it should be accepted (a week after the huddle unless given);
 * - back to the GP with advice, social prescribing: no referral;
 * - deferred to the next huddle, with what is needed: the case is carried over.
 * Decisions are made on the huddle's day by someone listed for it (or the
 * clinic lead); a mental health partner decides only for their own service.
 */
export async function decideCase(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ decisionId: string; caseId: string; referral: ReferralChange | null }> {
  assertPermission(ctx.actor, "huddle:decide");
  const data = parseInput(decideCaseSchema, input);
  const today = londonToday(clock.now ?? new Date());
  try {
    return await ctx.db.$transaction(async (tx) => {
      const found = await tx.huddleCase.findFirst({ where: { id: data.caseId, huddle: { pcnId: ctx.actor.pcnId } }, select: { huddleId: true } });
      if (!found) throw new AppError("NOT_FOUND", CASE_NOT_FOUND);
      // A partner not listed for this case's huddle is told it is not found, as for any other record they cannot see.
      const huddle = await loadVisibleHuddle(tx, ctx.actor, found.huddleId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "NOT_FOUND") throw new AppError("NOT_FOUND", CASE_NOT_FOUND);
        throw error;
      });
      const huddleCase = await tx.huddleCase.findUniqueOrThrow({ where: { id: data.caseId } });
      assertAtHuddle(ctx.actor, huddle);
      assertOpen(huddle);
      const huddleDate = dateOnly(huddle.date);
      if (huddleDate > today) throw new AppError("CONFLICT", "Decisions are recorded at the huddle, on its day.");
      if (huddleCase.status !== "OPEN") throw new AppError("CONFLICT", "This case already has its decision. Refresh the page.");

      if (isPartner(ctx.actor)) {
        const me = huddle.attendees.find((a) => a.staffId === ctx.actor.id)!.staff;
        if (!me.partnerService || !partnerMayDecide(me.partnerService, data.destination))
          throw new AppError("FORBIDDEN", "A mental health partner records decisions for their own service only.", {
            fieldErrors: { destination: "Record decisions for your own service only" },
          });
      }

      const target = referralTarget(data);
      if (data.acceptedById) {
        const acceptor = huddle.attendees.find((a) => a.staffId === data.acceptedById);
        const fits =
          acceptor &&
          acceptor.present !== false &&
          acceptor.staff.active &&
          (target?.kind === "TALKING_THERAPIES"
            ? acceptor.staff.roles.includes("THERAPIST")
            : target?.kind === "SERVICE" && acceptor.staff.partnerService === target.service);
        if (!fits) {
          const message =
            target?.kind === "TALKING_THERAPIES"
              ? "Choose the Talking Therapies clinician at this huddle who accepted"
              : "Choose the partner of that service at this huddle who accepted";
          throw new AppError("VALIDATION", message, { fieldErrors: { acceptedById: message } });
        }
      }
      const acceptBy = data.acceptBy ?? defaultAcceptBy(huddleDate);
      if (acceptBy < huddleDate)
        throw new AppError("VALIDATION", "The accept-by date cannot be before the huddle", {
          fieldErrors: { acceptBy: "The accept-by date cannot be before the huddle" },
        });
      const ownerId = data.ownerId ?? data.acceptedById ?? huddleCase.broughtById;
      if (data.ownerId) {
        const owner = await tx.staffUser.findFirst({ where: { id: data.ownerId, pcnId: ctx.actor.pcnId, active: true }, select: { id: true } });
        if (!owner)
          throw new AppError("VALIDATION", "Choose an owner from the PCN's staff", {
            fieldErrors: { ownerId: "Choose an owner from the PCN's staff" },
          });
      }

      let referral: ReferralChange | null = null;
      if (target?.kind === "TALKING_THERAPIES") {
        referral = await acceptIntoTalkingTherapies(tx, ctx.actor.id, huddleCase.patientId, target.pathway, huddleDate, today, ownerId);
      } else if (target?.kind === "SERVICE") {
        referral = await referToService(tx, ctx.actor.id, huddleCase.patientId, target, {
          huddleDate,
          today,
          accepted: Boolean(data.acceptedById),
          ownerId,
          acceptBy,
        });
      }

      // The insert's trigger moves the case on (DECIDED, or DEFERRED) and refuses a case no longer open.
      const decision = await tx.huddleDecision.create({
        data: {
          caseId: huddleCase.id,
          destination: data.destination,
          reason: data.reason,
          pathway: data.pathway ?? null,
          serviceName: data.serviceName ?? null,
          acceptedById: data.acceptedById ?? null,
          whatIsNeeded: data.whatIsNeeded ?? null,
          referralId: referral?.referralId ?? null,
          recordedById: ctx.actor.id,
          // The service's clock, as every other service's history (the database's now() when none is given).
          decidedAt: clock.now,
        },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "huddle.case.decide",
        patientId: huddleCase.patientId,
        entityType: "HuddleCase",
        entityId: huddleCase.id,
        request: ctx.request,
        details: { huddleId: huddle.id, destination: data.destination, decisionId: decision.id },
      });
      if (referral)
        await recordAudit(tx, {
          actor: ctx.actor,
          action: referral.action,
          patientId: huddleCase.patientId,
          entityType: "Referral",
          entityId: referral.referralId,
          request: ctx.request,
          details: { from: "huddle", huddleId: huddle.id, status: referral.status },
        });
      return { decisionId: decision.id, caseId: huddleCase.id, referral };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This case already has its decision. Refresh the page.");
    throw error;
  }
}

/** The patient's open Talking Therapies referral accepted at the huddle, or a new one made accepted. */
async function acceptIntoTalkingTherapies(
  tx: DbTx,
  actorId: string,
  patientId: string,
  pathway: ReferralPathway,
  huddleDate: string,
  today: string,
  ownerId: string,
): Promise<ReferralChange> {
  const open = await tx.referral.findFirst({
    where: { patientId, service: null, status: { in: ["REFERRED", "ACCEPTED"] } },
    orderBy: { referredAt: "desc" },
  });
  // Only the LTC pathway carries a condition (the database refuses one on any other).
  const patient = await tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: { longTermConditions: true } });
  const ltcCondition =
    pathway === "LONG_TERM_CONDITIONS" ? ((open?.pathway === pathway ? open.ltcCondition : null) ?? patient.longTermConditions[0] ?? null) : null;
  if (open?.status === "ACCEPTED") {
    if (open.pathway === pathway && open.ltcCondition === ltcCondition) return { referralId: open.id, action: "referral.link", status: "ACCEPTED" };
    await tx.referral.update({ where: { id: open.id }, data: { pathway, ltcCondition, updatedById: actorId } });
    return { referralId: open.id, action: "referral.update", status: "ACCEPTED" };
  }
  if (open) {
    const step = applyTransition(
      { status: open.status, referredAt: isoDate(open.referredAt)!, acceptedAt: null, enteredTreatmentAt: null, closedAt: null },
      "ACCEPTED",
      huddleDate,
      today,
    );
    if (!step.ok) throw new AppError("VALIDATION", step.message, { fieldErrors: { destination: step.message } });
    const { count } = await tx.referral.updateMany({
      where: { id: open.id, status: "REFERRED" },
      data: { status: "ACCEPTED", acceptedAt: dateOnlyToDb(huddleDate), pathway, ltcCondition, updatedById: actorId },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Someone else just updated this patient's referral. Refresh the page.");
    return { referralId: open.id, action: "referral.status", status: "ACCEPTED" };
  }
  const created = await tx.referral.create({
    data: {
      patientId,
      pathway,
      ltcCondition,
      status: "ACCEPTED",
      referredAt: dateOnlyToDb(huddleDate),
      acceptedAt: dateOnlyToDb(huddleDate),
      ownerId,
      acceptBy: dateOnlyToDb(huddleDate),
      updatedById: actorId,
    },
  });
  return { referralId: created.id, action: "referral.create", status: "ACCEPTED" };
}

/** A referral to a service past Talking Therapies: the patient's open one to that service moved on, or a new one. */
async function referToService(
  tx: DbTx,
  actorId: string,
  patientId: string,
  target: { service: MentalHealthService; serviceName: string | null },
  options: { huddleDate: string; today: string; accepted: boolean; ownerId: string; acceptBy: string },
): Promise<ReferralChange> {
  const open = await tx.referral.findFirst({
    where: { patientId, service: target.service, serviceName: target.serviceName, status: { in: ["REFERRED", "ACCEPTED"] } },
    orderBy: { referredAt: "desc" },
  });
  if (open) {
    if (open.status === "REFERRED" && options.accepted) {
      const step = applyTransition(
        { status: open.status, referredAt: isoDate(open.referredAt)!, acceptedAt: null, enteredTreatmentAt: null, closedAt: null },
        "ACCEPTED",
        options.huddleDate,
        options.today,
      );
      if (!step.ok) throw new AppError("VALIDATION", step.message, { fieldErrors: { destination: step.message } });
      const { count } = await tx.referral.updateMany({
        where: { id: open.id, status: "REFERRED" },
        data: { status: "ACCEPTED", acceptedAt: dateOnlyToDb(options.huddleDate), updatedById: actorId },
      });
      if (count !== 1) throw new AppError("CONFLICT", "Someone else just updated this patient's referral. Refresh the page.");
      return { referralId: open.id, action: "referral.status", status: "ACCEPTED" };
    }
    return { referralId: open.id, action: "referral.link", status: open.status };
  }
  const date = dateOnlyToDb(options.huddleDate);
  const created = await tx.referral.create({
    data: {
      patientId,
      service: target.service,
      serviceName: target.serviceName,
      status: options.accepted ? "ACCEPTED" : "REFERRED",
      referredAt: date,
      acceptedAt: options.accepted ? date : null,
      ownerId: options.ownerId,
      acceptBy: dateOnlyToDb(options.acceptBy),
      updatedById: actorId,
    },
  });
  return { referralId: created.id, action: "referral.create", status: created.status };
}
