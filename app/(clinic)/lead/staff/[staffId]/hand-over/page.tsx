import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { KeyWorkerHandoverForm } from "@/components/key-worker-handover-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { getStaffHandover } from "@/lib/services/get-staff-handover";
import { deactivateWithHandoverAction } from "../../actions";

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
      <p>
        <Link href="/lead/staff" className="text-nhs-blue underline">
          Back to staff
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Hand over {staff.name}&apos;s patients</h1>
      {patients.length === 0 ? (
        <p className="mt-3 max-w-3xl">
          No current care plan names {staff.name} as key worker.
          {staff.active && !staff.isSelf ? " You can deactivate the account from the staff page." : ""}
        </p>
      ) : staff.isSelf ? (
        <p className="mt-3 max-w-3xl">You cannot deactivate your own account. Another clinic lead can hand over your patients.</p>
      ) : keyWorkers.length === 0 ? (
        <p role="alert" className="mt-3 max-w-3xl border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          There is no other active health buddy to take over {staff.name}&apos;s {patients.length === 1 ? "patient" : `${patients.length} patients`}. Add one first.
        </p>
      ) : (
        <>
          <p className="mt-3 max-w-3xl">
            {staff.name} is key worker to {patients.length === 1 ? "1 patient" : `${patients.length} patients`}.{" "}
            {staff.active
              ? "Before the account is deactivated, each patient needs a new key worker to keep in touch with them until their next review."
              : "The account is already deactivated, so nobody is keeping in touch with these patients: hand each of them to a new key worker."}{" "}
            The care plans stay as the GP agreed them; who was key worker before, and why it changed, is kept with each plan.
          </p>
          <KeyWorkerHandoverForm
            staff={{ id: staff.id, name: staff.name, active: staff.active }}
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
      )}
    </>
  );
}
