import { ukDate } from "@/lib/triage";
import { riskKindList, type removedRiskKinds } from "@/lib/triage/risk";
import { boxClass, type TriageSectionProps } from "./fields";

export type TriageSaved = {
  updated: boolean;
  version?: number;
  risk: boolean;
  referralId: string | null;
  review: { date: string; time: string | null; waitlisted: boolean } | null;
};

/** Saving a recorded triage again: the reason, required when a recorded risk is unticked. */
export function ChangeReasonField({ values, set, field, unticked }: TriageSectionProps & { unticked: ReturnType<typeof removedRiskKinds> }) {
  return (
    <div>
      <label htmlFor="tr-changeReason" className="block font-semibold">
        Reason for the change
      </label>
      <p id="tr-changeReason-hint" className="text-slate-700">
        Saving again keeps the earlier version. A reason is required when you untick a risk that was recorded.
      </p>
      {unticked.length > 0 ? (
        <p className="font-semibold">Unticked: {riskKindList(unticked)}. The earlier version, with the risk and its action taken, stays readable.</p>
      ) : null}
      {field.error("changeReason")}
      <textarea
        id="tr-changeReason"
        rows={2}
        value={values.changeReason ?? ""}
        onChange={(e) => set("changeReason", e.target.value)}
        {...field.aria("changeReason", "tr-changeReason-hint")}
        className={boxClass(field.invalid("changeReason"))}
      />
    </div>
  );
}

/** What saving did: the version, the risk flag, the referral, the review booked or waitlisted. */
export function TriageSavedStatus({ saved, ref }: { saved: TriageSaved; ref: React.Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} tabIndex={-1} role="status" className="rounded border-l-4 border-nhs-green bg-green-50 p-4">
      <p className="font-semibold">
        {saved.updated ? "Triage updated." : "Triage saved."}
        {saved.updated && saved.version ? ` This is version ${saved.version}; the earlier versions are kept.` : ""}
      </p>
      <ul className="mt-1 list-disc pl-6">
        {saved.risk ? (
          <li>
            The risk is flagged on the GP&apos;s list, the flow board and the patient&apos;s summary, on this and any later day, until a clinician
            records it reviewed or resolved.
          </li>
        ) : null}
        {saved.referralId ? <li>Referral recorded: move it on from the referrals page.</li> : null}
        {saved.review ? (
          <li>
            {saved.review.waitlisted
              ? `No Talking Therapies slot was free on ${ukDate(saved.review.date)}: the patient is on the waitlist for that day.`
              : `Review booked on ${ukDate(saved.review.date)}${saved.review.time ? ` at ${saved.review.time}` : ""}.`}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
