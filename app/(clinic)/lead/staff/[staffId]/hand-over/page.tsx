import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { KeyWorkerHandoverForm } from "@/components/key-worker-handover-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { getStaffHandover } from "@/lib/services/staff/get-staff-handover";
import { deactivateWithHandoverAction } from "../../actions";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Hand over a key worker's patients" };

/** Before someone who is a key worker leaves: their patients go to another key worker, then the account is deactivated. */
export default async function HandOverPage({ params }: { params: Promise<{ staffId: string }> }) {
  const ctx = await requirePagePermission("staff:manage");
  const { staffId } = await params;
  const view = await getStaffHandover(ctx, { staffId }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const { staff, patients, keyWorkers } = view;
  return (
    <>
      <PageHeader back="/lead/staff" backLabel="Back to staff" title={`Hand over ${staff.name}'s patients`} />
      {/* Always this one component, so its confirmation survives the page refreshing once the patients have gone. */}
      <KeyWorkerHandoverForm
        staff={{ id: staff.id, name: staff.name, active: staff.active, isSelf: staff.isSelf }}
        patients={patients.map((p) => ({
          patientId: p.patientId,
          name: p.name,
          nhsNumber: formatNhsNumber(p.nhsNumber),
          plan: p.hasFinal && p.hasDraft ? "Final, and a new version being drafted" : p.hasFinal ? "Final" : "Draft (not yet final)",
        }))}
        keyWorkers={keyWorkers}
        action={deactivateWithHandoverAction}
      />
    </>
  );
}
