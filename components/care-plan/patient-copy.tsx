import { Fragment, type ReactNode } from "react";
import { calendarDate, longDate, translator, type Catalogue, type LanguageChoice, type MessageKey, type Values } from "@/lib/messages";
import { formatNhsNumber } from "@/lib/nhs-number";

export type PatientCopyProps = {
  patient: { name: string; dateOfBirth: string; nhsNumber: string; practiceName: string };
  plan: {
    status: string;
    version: number;
    whatMatters: string | null;
    goals: string | null;
    actions: Array<{ kind: string; description: string; who: string; byWhen: string }>;
    recommendations: Array<{ recommendation: string; accepted: boolean | null }>;
    keyWorkerName: string | null;
    nextReviewDate: string | null;
    reviewClinicDayDate: string | null;
    finalisedAt: Date | null;
    finalisedByName: string | null;
  };
  copy: { choice: LanguageChoice; catalogue: Catalogue | null; easyRead: boolean };
};

/**
 * The words of the patient's copy of their care plan: every fixed word from the
 * message catalogue of their language (English where it lacks one, marked so),
 * standard or easy read; above it, for staff only, what was shown in English.
 */
export function PatientCopy({ patient, plan, copy }: PatientCopyProps) {
  const t = translator(copy.choice, copy.catalogue);
  const locale = t.locale;
  const easy = copy.easyRead;
  const k = (key: string) => `${easy ? "easyRead" : "carePlan"}.${key}` as MessageKey;

  /** One message, bold where it says so; marked as English where the patient's catalogue lacks it, for screen readers. */
  const inLanguage = (key: MessageKey, values: Values<ReactNode> = {}): ReactNode => {
    const parts = t.rich<ReactNode>(key, {
      ...values,
      b: (chunks) => (
        <strong>
          {chunks.map((c, i) => (
            <Fragment key={i}>{c}</Fragment>
          ))}
        </strong>
      ),
    });
    const nodes = parts.map((p, i) => <Fragment key={i}>{p}</Fragment>);
    return copy.choice.kind === "catalogue" && t.inEnglish(key) ? (
      <span lang="en-GB" dir="ltr">
        {nodes}
      </span>
    ) : (
      nodes
    );
  };

  const accepted = plan.recommendations.filter((r) => r.accepted === true);
  const h2 = easy ? "mt-8 text-3xl font-bold print:mt-5 print:text-[20pt]" : "mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]";

  const body = (
    <>
      {plan.status === "DRAFT" ? <p className="mb-3 border-4 border-nhs-red p-2 font-bold">{inLanguage(k("draft"))}</p> : null}
      <h1 className={easy ? "text-4xl font-bold print:text-[24pt]" : "text-3xl font-bold print:text-[18pt]"}>{inLanguage(k("title"))}</h1>
      <p className="mt-1">
        {easy
          ? inLanguage("easyRead.for", { name: patient.name })
          : inLanguage("carePlan.for", {
              name: patient.name,
              dateOfBirth: calendarDate(patient.dateOfBirth, locale),
              nhsNumber: formatNhsNumber(patient.nhsNumber),
              practice: patient.practiceName,
            })}
      </p>

      <h2 className={h2}>{inLanguage(k("whatMatters.heading"))}</h2>
      <p className="whitespace-pre-line">{plan.whatMatters ?? inLanguage(k("notWritten"))}</p>

      {plan.goals ? (
        <>
          <h2 className={h2}>{inLanguage(k("goals.heading"))}</h2>
          <p className="whitespace-pre-line">{plan.goals}</p>
        </>
      ) : null}

      {plan.actions.length > 0 ? (
        <>
          <h2 className={h2}>{inLanguage(k("actions.heading"))}</h2>
          <ul className={easy ? "mt-2 space-y-4" : "mt-1 space-y-2"}>
            {plan.actions.map((a, i) => (
              <li key={i} className="break-inside-avoid border-l-4 border-nhs-blue pl-3">
                {easy ? null : (
                  <span className="block text-base text-slate-700 print:text-[10pt]">{inLanguage("carePlan.action.kind", { kind: a.kind })}</span>
                )}
                {inLanguage(k("action"), { description: a.description, who: a.who, byWhen: longDate(a.byWhen, locale) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {accepted.length > 0 ? (
        <>
          <h2 className={h2}>{inLanguage(k("support.heading"))}</h2>
          <p>{inLanguage(k("support.intro"), { count: accepted.length })}</p>
          <ul className="mt-1 list-disc pl-6">
            {accepted.map((r) => (
              <li key={r.recommendation}>{r.recommendation}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className={h2}>{inLanguage(k("keyWorker.heading"))}</h2>
      <p>{inLanguage(k("keyWorker"), { named: plan.keyWorkerName ? "yes" : "no", name: plan.keyWorkerName ?? "" })}</p>

      <h2 className={h2}>{inLanguage(k("review.heading"))}</h2>
      {plan.nextReviewDate ? (
        <p>
          {inLanguage(k("review.from"), { date: longDate(plan.nextReviewDate, locale) })}{" "}
          {plan.reviewClinicDayDate
            ? inLanguage(k("review.booked"), { date: longDate(plan.reviewClinicDayDate, locale) })
            : inLanguage(k("review.toBook"))}
        </p>
      ) : (
        <p>{inLanguage(k("review.notSet"))}</p>
      )}

      <p className={`mt-6 border-t border-slate-400 pt-2 text-slate-700 ${easy ? "text-xl print:text-[14pt]" : "text-base print:text-[9pt]"}`}>
        {easy
          ? inLanguage("easyRead.footer")
          : inLanguage("carePlan.footer", {
              version: plan.version,
              agreed: plan.finalisedAt ? "yes" : "no",
              finalisedAt: plan.finalisedAt ? calendarDate(plan.finalisedAt, locale) : "",
              finalisedBy: plan.finalisedByName ?? "",
            })}
      </p>
    </>
  );
  // Read after the copy is built: the notes say which of its messages fell back.
  const notes = t.staffNotes();
  return (
    <>
      {notes.length > 0 ? (
        <div
          role="note"
          aria-label="Language"
          lang="en-GB"
          dir="ltr"
          className="no-print mb-4 border-l-4 border-nhs-warm-yellow bg-yellow-50 p-2 text-base"
        >
          {notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      ) : null}
      {body}
    </>
  );
}
