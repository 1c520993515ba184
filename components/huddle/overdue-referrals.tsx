import Link from "next/link";
import type { HuddleReferralRow } from "@/lib/services/huddles/list-huddle-referrals";

/** A flag on the clinic lead's and the GP's home page when referrals out of the huddle are past their accept-by date. */
export function OverdueHuddleReferrals({ overdue }: { overdue: HuddleReferralRow[] }) {
  if (overdue.length === 0) return null;
  return (
    <section aria-labelledby="overdue-referrals" className="mt-6 rounded border-l-4 border-nhs-red bg-red-50 p-4">
      <h2 id="overdue-referrals" className="text-xl font-bold text-nhs-red">
        {overdue.length} {overdue.length === 1 ? "referral from the huddle is" : "referrals from the huddle are"} overdue
      </h2>
      <p className="mt-1">
        Not accepted by the date agreed: {overdue.map((r) => r.name).join(", ")}.{" "}
        <Link href="/huddle/referrals" className="font-semibold text-nhs-blue underline">
          Follow them up
        </Link>
      </p>
    </section>
  );
}
