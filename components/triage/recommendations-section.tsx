import { RECOMMENDATIONS_MAX } from "@/lib/validation/limits";
import { boxClass, type TriageSectionProps } from "./fields";

/** Recommendations for the GP, one per line; the GP accepts or declines each in the care plan. */
export function RecommendationsSection({ values, set, field }: TriageSectionProps) {
  const setLine = (index: number, text: string) =>
    set(
      "recommendations",
      values.recommendations.map((line, i) => (i === index ? text : line)),
    );
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-4" aria-describedby="tr-recommendations-hint">
      <legend className="px-1 font-semibold">Recommendations for the GP</legend>
      <p id="tr-recommendations-hint" className="text-slate-700">
        One recommendation per line: the GP accepts or declines each in the care plan.
      </p>
      {field.error("recommendations")}
      <ol className="mt-2 space-y-2">
        {values.recommendations.map((line, index) => {
          const key = `recommendations.${index}`;
          return (
            <li key={index} className="flex flex-wrap items-end gap-2">
              <div className="min-w-64 flex-1">
                <label htmlFor={`tr-recommendations-${index}`} className="block font-semibold">
                  Recommendation {index + 1}
                </label>
                {field.error(key)}
                <input
                  id={`tr-recommendations-${index}`}
                  type="text"
                  value={line}
                  onChange={(e) => setLine(index, e.target.value)}
                  {...field.aria(key)}
                  className={boxClass(field.invalid(key))}
                />
              </div>
              <button
                type="button"
                onClick={() =>
                  set(
                    "recommendations",
                    values.recommendations.filter((_, i) => i !== index),
                  )
                }
                className="rounded border-2 border-slate-700 bg-white px-3 py-2 font-semibold"
              >
                Remove<span className="sr-only"> recommendation {index + 1}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {values.recommendations.length < RECOMMENDATIONS_MAX ? (
        <button
          type="button"
          onClick={() => set("recommendations", [...values.recommendations, ""])}
          className="mt-3 rounded border-2 border-nhs-blue bg-white px-3 py-2 font-semibold text-nhs-blue"
        >
          Add a recommendation
        </button>
      ) : null}
    </fieldset>
  );
}
