/** The audit entry of something a patient did through their link: no staff actor, the link named as the entity. */
import type { Prisma } from "@/lib/db/generated/client";
import type { AuditEntry } from "@/lib/db/audit";
import type { PatientLinkContext, PublicContext } from "@/lib/db/context";

/** Shown as the actor in the audit trail for everything done through a patient link. */
export const PATIENT_LINK_ACTOR = "patient (via link)";

export function linkAudit(
  ctx: PublicContext,
  link: { id: string; patientId: string } | null,
  action: `patient.link.${string}`,
  details?: Prisma.InputJsonValue,
  outcome: AuditEntry["outcome"] = "SUCCESS",
): AuditEntry {
  return {
    actorEmail: PATIENT_LINK_ACTOR,
    action,
    outcome,
    patientId: link?.patientId ?? null,
    entityType: "PatientLink",
    entityId: link?.id,
    request: ctx.request,
    details,
  };
}

export function linkCtxAudit(ctx: PatientLinkContext, action: `patient.link.${string}`, details?: Prisma.InputJsonValue): AuditEntry {
  return linkAudit(ctx, ctx.link, action, details);
}
