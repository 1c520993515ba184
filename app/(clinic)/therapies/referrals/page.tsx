import type { Metadata } from "next";
import Link from "next/link";
import { ReferralUpdateForm } from "@/components/referral-update-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { formatNhsNumber } from "@/lib/nhs-number";
import { isFinished, REFERRAL_STATUS_LABELS, REFERRAL_STATUSES } from "@/lib/referral";
import { londonToday } from "@/lib/schedule";
import { listReferrals } from "@/lib/services/referrals/list-referrals";
import { REFERRAL_PATHWAY_LABELS, ukDate } from "@/lib/triage";
import { updateReferralAction } from "../actions";
import { DataTable, RowHeader } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Referrals" };

const FILTERS: Array<[string, string]> = [
  ["", "All referrals"],
  ["OPEN", "Still to move on (referred or accepted)"],
  ...REFERRAL_STATUSES.map((s): [string, string] => [s, REFERRAL_STATUS_LABELS[s]]),
];

export default async function ReferralsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const ctx = await requirePagePermission("referral:manage");
  const { status = "" } = await searchParams;
  const known = FILTERS.some(([value]) => value === status) ? status : "";
  const referrals = await listReferrals(ctx, { status: known });
  const today = londonToday();
  return (
    <>
      <PageHeader back="/therapies" backLabel="Back to Talking Therapies" title="Referrals" />
      <p className="mt-1 text-slate-700">
        Referrals into Talking Therapies made at triage. Move each on as it is accepted, starts treatment, or closes; open a patient&apos;s name to
        record sessions and see the outcome.
      </p>

      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="status-filter" className="block font-semibold">
            Show
          </label>
          <select id="status-filter" name="status" defaultValue={known} className="mt-1 rounded border-2 border-slate-700 bg-white px-2 py-2">
            {FILTERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded border-2 border-nhs-blue bg-white px-3 py-2 font-semibold text-nhs-blue">
          Filter
        </button>
      </form>

      {referrals.length === 0 ? (
        <p className="mt-6">No referrals{known ? " with this status" : " yet"}.</p>
      ) : (
        <DataTable
          className="mt-6 w-full border-collapse bg-white text-left"
          caption="Referrals into Talking Therapies"
          columns={["Patient", "Pathway", "Status", "Dates", "Move on"]}
        >
          {referrals.map((r) => (
            <tr key={r.id} className="border-b border-slate-200 align-top">
              <RowHeader>
                <Link href={`/therapies/referrals/${r.id}`} className="text-nhs-blue underline">
                  {r.name}
                  <span className="sr-only">: sessions and outcome</span>
                </Link>
                <div className="text-sm font-normal whitespace-nowrap text-slate-700">{formatNhsNumber(r.nhsNumber)}</div>
              </RowHeader>
              <td className="p-2">{REFERRAL_PATHWAY_LABELS[r.pathway]}</td>
              <td className="p-2" data-testid="referral-status">
                {REFERRAL_STATUS_LABELS[r.status]}
              </td>
              <td className="p-2 text-sm">
                <ul>
                  <li>
                    Referred {ukDate(r.referredAt)} by {r.referredBy}
                  </li>
                  {r.acceptedAt ? <li>Accepted {ukDate(r.acceptedAt)}</li> : null}
                  {r.enteredTreatmentAt ? <li>Entered treatment {ukDate(r.enteredTreatmentAt)}</li> : null}
                  {r.closedAt ? (
                    <li>
                      Closed {ukDate(r.closedAt)}
                      {r.closedReason ? `: ${r.closedReason}` : ""}
                    </li>
                  ) : null}
                </ul>
              </td>
              <td className="p-2">
                {isFinished(r.status) ? (
                  <span className="text-slate-700">Nothing further</span>
                ) : (
                  <ReferralUpdateForm referralId={r.id} patientName={r.name} status={r.status} today={today} action={updateReferralAction} />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
