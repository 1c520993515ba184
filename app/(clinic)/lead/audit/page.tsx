import type { Metadata } from "next";
import { AuditSearch } from "@/components/audit-search";
import { requirePagePermission } from "@/lib/auth/guard";
import { searchAuditAction } from "./actions";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage() {
  await requirePagePermission("audit:view");
  return (
    <>
      <h1 className="text-3xl font-bold">Audit trail</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Who viewed, changed, exported or printed which patient&apos;s record, every sign-in and refusal. Search by patient, by member of staff, or by
        dates (London time); the search itself is recorded. The trail cannot be edited or deleted.
      </p>
      <AuditSearch action={searchAuditAction} />
    </>
  );
}
