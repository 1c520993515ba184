import { assertPermission } from "@/lib/auth/permissions";
import { recordPatientViews } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import type { MentalHealthService, ReferralPathway, ReferralStatus } from "@/lib/db/generated/enums";
import { daysOverdue, isReferralOverdue } from "@/lib/huddle/overdue";
import { londonToday } from "@/lib/schedule";
import { dateOnly, isoDate } from "@/lib/schedule/date-only";
import { listHuddleReferralsSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";
import { isPartner } from "./internal/huddle-access";

export type HuddleReferralRow = {
  id: string;
  patientId: string;
  name: string;
  nhsNumber: string;
  /** null: Talking Therapies (with its pathway). */
  service: MentalHealthService | null;
  serviceName: string | null;
  pathway: ReferralPathway | null;
  status: ReferralStatus;
  referredAt: string;
  acceptedAt: string | null;
  acceptBy: string | null;
  ownerName: string | null;
  broughtByName: string;
  huddleDate: string;
  overdue: boolean;
  daysOverdue: number;
};

/**
 * Following referrals out of the PCN's huddles until someone accepts them,
 * overdue ones first. The clinic lead sees all of them; a GP or therapist those
 * of cases they brought or referrals they own; a mental health partner those
 * referred to their own service (the per-service view). Each patient listed is
 * an audited view.
 */
export async function listHuddleReferrals(ctx: ServiceContext, input: unknown = {}, clock: ClockOption = {}): Promise<HuddleReferralRow[]> {
  assertPermission(ctx.actor, "huddle:view");
  const { overdueOnly } = parseInput(listHuddleReferralsSchema, input);
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const partnerService = isPartner(ctx.actor)
      ? (await tx.staffUser.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { partnerService: true } })).partnerService
      : null;
    // A partner always has a service (a check constraint); without one they would see nothing.
    if (isPartner(ctx.actor) && !partnerService) return [];
    const fromPcnHuddle = { huddleDecisions: { some: { huddleCase: { huddle: { pcnId: ctx.actor.pcnId } } } } };
    const scope = ctx.actor.roles.includes("CLINIC_LEAD")
      ? {}
      : partnerService
        ? { service: partnerService }
        : { OR: [{ ownerId: ctx.actor.id }, { huddleDecisions: { some: { huddleCase: { broughtById: ctx.actor.id } } } }] };
    const referrals = await tx.referral.findMany({
      where: { ...fromPcnHuddle, ...scope },
      include: {
        patient: { select: { givenName: true, familyName: true, nhsNumber: true } },
        owner: { select: { name: true } },
        huddleDecisions: {
          orderBy: { decidedAt: "asc" },
          take: 1,
          include: { huddleCase: { select: { broughtBy: { select: { name: true } }, huddle: { select: { date: true } } } } },
        },
      },
      orderBy: [{ referredAt: "desc" }, { id: "desc" }],
    });
    const rows: HuddleReferralRow[] = referrals.map((r) => {
      const flag = { status: r.status, acceptBy: isoDate(r.acceptBy) };
      const decision = r.huddleDecisions[0];
      return {
        id: r.id,
        patientId: r.patientId,
        name: `${r.patient.givenName} ${r.patient.familyName}`,
        nhsNumber: r.patient.nhsNumber,
        service: r.service,
        serviceName: r.serviceName,
        pathway: r.pathway,
        status: r.status,
        referredAt: dateOnly(r.referredAt),
        acceptedAt: isoDate(r.acceptedAt),
        acceptBy: flag.acceptBy,
        ownerName: r.owner?.name ?? null,
        broughtByName: decision.huddleCase.broughtBy.name,
        huddleDate: dateOnly(decision.huddleCase.huddle.date),
        overdue: isReferralOverdue(flag, today),
        daysOverdue: daysOverdue(flag, today),
      };
    });
    const shown = (overdueOnly ? rows.filter((r) => r.overdue) : rows).sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || b.daysOverdue - a.daysOverdue,
    );
    await recordPatientViews(
      tx,
      {
        actor: ctx.actor,
        action: "huddle.referral.list",
        entityType: "Referral",
        request: ctx.request,
        details: { overdueOnly, asPartner: isPartner(ctx.actor) },
      },
      shown.map((r) => r.patientId),
    );
    return shown;
  });
}
