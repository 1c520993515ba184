import { inputClass } from "@/components/forms/field";
import type { RecommendationDecision } from "@/lib/care-plan";
import { fieldId, type CarePlanSectionProps } from "./fields";

/** A decision on each of the therapist's recommendations: accept, or decline with a reason. */
export function RecommendationDecisions({ values, set, field }: CarePlanSectionProps) {
  const setRecommendation = (index: number, change: Partial<RecommendationDecision>) =>
    set(
      "recommendations",
      values.recommendations.map((r, i) => (i === index ? { ...r, ...change } : r)),
    );
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-4">
      <legend className="px-1 text-lg font-semibold">The therapist’s recommendations</legend>
      {values.recommendations.length === 0 ? <p className="text-slate-700">Talking Therapies made no recommendations for this patient.</p> : null}
      <ol className="space-y-4">
        {values.recommendations.map((r, i) => (
          <li key={r.recommendation}>
            <fieldset
              className="rounded border border-slate-300 p-3"
              aria-describedby={field.invalid(`recommendations.${i}.accepted`) ? field.errorId(`recommendations.${i}.accepted`) : undefined}
            >
              <legend className="px-1 font-semibold">{r.recommendation}</legend>
              <div className="flex flex-wrap gap-4" id={fieldId(`recommendations.${i}.accepted`)}>
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={`rec-${i}`}
                    checked={r.accepted === true}
                    onChange={() => setRecommendation(i, { accepted: true, reason: "" })}
                    className="h-5 w-5"
                  />
                  Accept into the plan
                </label>
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={`rec-${i}`}
                    checked={r.accepted === false}
                    onChange={() => setRecommendation(i, { accepted: false })}
                    className="h-5 w-5"
                  />
                  Decline
                </label>
              </div>
              {field.error(`recommendations.${i}.accepted`)}
              {r.accepted === false ? (
                <div className="mt-2">
                  <label htmlFor={fieldId(`recommendations.${i}.reason`)} className="block font-semibold">
                    Reason for declining
                  </label>
                  <input
                    id={fieldId(`recommendations.${i}.reason`)}
                    value={r.reason ?? ""}
                    onChange={(e) => setRecommendation(i, { reason: e.target.value })}
                    {...field.aria(`recommendations.${i}.reason`)}
                    className={inputClass(field.invalid(`recommendations.${i}.reason`))}
                  />
                  {field.error(`recommendations.${i}.reason`)}
                </div>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
