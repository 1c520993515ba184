import type { Metadata } from "next";
import { ukDate } from "@/components/dates";
import { RiskFlag } from "@/components/risk-flag";
import { DataTable, RowHeader } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/guard";
import { isPartnerOnly } from "@/components/huddle/partner";
import { MENTAL_HEALTH_SERVICE_LABELS } from "@/lib/huddle/services";
import { formatNhsNumber } from "@/lib/nhs-number";
import { REFERRAL_STATUS_LABELS } from "@/lib/referral";
import { listHuddleReferrals, type HuddleReferralRow } from "@/lib/services/huddles/list-huddle-referrals";
import { REFERRAL_PATHWAY_LABELS } from "@/lib/triage";

export const metadata: Metadata = { title: "Referrals from the huddle" };

function serviceText(r: HuddleReferralRow): string {
  if (r.service === null) return `Talking Therapies${r.pathway ? ` (${REFERRAL_PATHWAY_LABELS[r.pathway]})` : ""}`;
  return r.service === "OTHER" ? (r.serviceName ?? "Another service") : MENTAL_HEALTH_SERVICE_LABELS[r.service];
}

/**
 * Following referrals out of the huddle until they are accepted, overdue ones
 * first and flagged: a mental health partner sees those to their own service
 * (the per-service view); the clinic lead all of them; a GP or therapist those
 * of cases they brought or own.
 */
export default async function HuddleReferralsPage() {
  const ctx = await requirePagePermission("huddle:view");
  const rows = await listHuddleReferrals(ctx, {});
  const partner = isPartnerOnly(ctx.actor.roles);
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <>
      <PageHeader back="/huddle" backLabel="Back to the huddle" title={partner ? "Referrals to your service" : "Referrals from the huddle"} />
      <p className="mt-1 text-slate-700">
        {partner
          ? "What the PCN's huddle referred to your service, and where each stands."
          : ctx.actor.roles.includes("CLINIC_LEAD")
            ? "Every referral the PCN's huddle made, and where each stands."
            : "Referrals from the cases you brought to the huddle or follow, and where each stands."}
      </p>
      {overdue > 0 ? (
        <p role="status" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          {overdue} {overdue === 1 ? "referral is" : "referrals are"} overdue: not accepted by the date agreed at the huddle.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="mt-4">No referrals from the huddle yet.</p>
      ) : (
        <DataTable
          className="mt-4 w-full border-collapse bg-white text-left"
          caption="Referrals from the huddle, overdue first"
          columns={["Patient", "NHS number", "Service", "Where it stands", "Huddle", "Accept by", "Follows it", "Brought by"]}
        >
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-200 align-top">
              <RowHeader>
                {r.name}
                {r.overdue ? <RiskFlag detail={`overdue ${r.daysOverdue} ${r.daysOverdue === 1 ? "day" : "days"}`} /> : null}
              </RowHeader>
              <td className="p-2">{formatNhsNumber(r.nhsNumber)}</td>
              <td className="p-2">{serviceText(r)}</td>
              <td className="p-2">
                {REFERRAL_STATUS_LABELS[r.status]}
                {r.acceptedAt ? ` (accepted ${ukDate(r.acceptedAt)})` : ""}
              </td>
              <td className="p-2">{ukDate(r.huddleDate)}</td>
              <td className="p-2">{r.acceptBy ? ukDate(r.acceptBy) : "—"}</td>
              <td className="p-2">{r.ownerName ?? "—"}</td>
              <td className="p-2">{r.broughtByName}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
