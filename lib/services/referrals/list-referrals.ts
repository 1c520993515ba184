import { assertPermission } from "@/lib/auth/permissions";
import type { ReferralPathway, ReferralStatus } from "@/lib/db/generated/enums";
import { parseInput } from "@/lib/validation/parse";
import { listReferralsSchema } from "@/lib/validation/triage";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type ReferralRow = {
  id: string;
  patientId: string;
  name: string;
  nhsNumber: string;
  pathway: ReferralPathway;
  status: ReferralStatus;
  referredAt: string;
  acceptedAt: string | null;
  enteredTreatmentAt: string | null;
  closedAt: string | null;
  closedReason: string | null;
  /** Who triaged and referred. */
  referredBy: string;
};

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * The PCN's referrals into Talking Therapies (from triage or a huddle), newest first; `status` filters to
 * one status, or OPEN to those still to move on (referred or accepted).
 */
export async function listReferrals(ctx: ServiceContext, input: unknown = {}): Promise<ReferralRow[]> {
  assertPermission(ctx.actor, "referral:manage");
  const { status } = parseInput(listReferralsSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const referrals = await tx.referral.findMany({
      where: {
        // Talking Therapies referrals: made at triage, or accepted at one of the PCN's huddles.
        service: null,
        OR: [
          { triageOutcome: { appointment: { clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } } } },
          { huddleDecisions: { some: { huddleCase: { huddle: { pcnId: ctx.actor.pcnId } } } } },
        ],
        ...(status === "OPEN" ? { status: { in: ["REFERRED", "ACCEPTED"] } } : status ? { status } : {}),
      },
      include: {
        patient: { select: { givenName: true, familyName: true, nhsNumber: true } },
        triageOutcome: { select: { recordedBy: { select: { name: true } } } },
        huddleDecisions: { select: { recordedBy: { select: { name: true } } }, orderBy: { decidedAt: "asc" }, take: 1 },
      },
      orderBy: [{ referredAt: "desc" }, { id: "desc" }],
    });
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "referral.list", entityType: "Referral", request: ctx.request, details: { status: status ?? "ALL" } },
      referrals.map((r) => r.patientId),
    );
    return referrals.map((r) => ({
      id: r.id,
      patientId: r.patientId,
      name: `${r.patient.givenName} ${r.patient.familyName}`,
      nhsNumber: r.patient.nhsNumber,
      // A Talking Therapies referral always has its pathway (a check constraint).
      pathway: r.pathway!,
      status: r.status,
      referredAt: iso(r.referredAt)!,
      acceptedAt: iso(r.acceptedAt),
      enteredTreatmentAt: iso(r.enteredTreatmentAt),
      closedAt: iso(r.closedAt),
      closedReason: r.closedReason,
      referredBy: r.triageOutcome?.recordedBy.name ?? r.huddleDecisions[0]?.recordedBy.name ?? "",
    }));
  });
}
