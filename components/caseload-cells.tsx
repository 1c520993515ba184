import { ukDate } from "@/components/dates";
import { formatNhsNumber } from "@/lib/nhs-number";
import { LanguageBadge } from "@/components/language-badge";
import type { PatientLanguage } from "@/lib/patients/language";
import type { CaseloadEntry } from "@/lib/services/key-workers/get-caseload";

type FollowUpEntry = Pick<CaseloadEntry, "followUp" | "lastContactOn" | "nextReviewDate" | "reviewClinicDayDate">;

/** When the key worker should next be in touch, with an overdue contact shown loudly. */
function NextContact({ entry }: { entry: FollowUpEntry }) {
  const f = entry.followUp;
  if (f.state === "done") return <span>Review done: no contact due</span>;
  if (f.overdue) {
    return (
      <span className="inline-block rounded bg-nhs-red px-1.5 font-semibold text-white">
        Overdue: was due {ukDate(f.due)} ({f.daysOverdue} {f.daysOverdue === 1 ? "day" : "days"} ago)
      </span>
    );
  }
  return <span>{ukDate(f.due)}</span>;
}

/** The "N contacts are overdue" status line of a caseload, when any is. */
export function OverdueContacts({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <p role="status" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
      {count} {count === 1 ? "contact is" : "contacts are"} overdue.
    </p>
  );
}

/** A caseload row's NHS number cell. */
export function NhsNumberCell({ nhsNumber, language }: { nhsNumber: string; language?: PatientLanguage }) {
  if (!language) return <td className="p-2 whitespace-nowrap">{formatNhsNumber(nhsNumber)}</td>;
  return (
    <td className="p-2">
      <span className="whitespace-nowrap">{formatNhsNumber(nhsNumber)}</span>
      <LanguageBadge language={language} className="mt-1 block w-fit" />
    </td>
  );
}

/** A caseload row's cells: next contact due, last contact and next review (both caseload tables show them alike). */
export function FollowUpCells({ entry }: { entry: FollowUpEntry }) {
  return (
    <>
      <td className="p-2">
        <NextContact entry={entry} />
      </td>
      <td className="p-2">{entry.lastContactOn ? ukDate(entry.lastContactOn) : "None yet"}</td>
      <td className="p-2">
        {ukDate(entry.nextReviewDate)}
        {entry.reviewClinicDayDate ? `, booked for ${ukDate(entry.reviewClinicDayDate)}` : ", on the review list"}
        {entry.followUp.state === "due" && entry.followUp.reviewOverdue ? (
          <strong className="block text-nhs-red">Review not yet happened</strong>
        ) : null}
      </td>
    </>
  );
}
