import { RISK_LABELS } from "@/lib/triage";
import { boxClass, type TriageSectionProps } from "./fields";

const RISKS = ["riskToSelf", "riskToOthers", "riskFromOthers"] as const;

/** Presenting problems and the risk screen: once any risk is ticked, the action taken is required. */
export function PresentingProblemsField({ values, set, field }: TriageSectionProps) {
  return (
    <div>
      <label htmlFor="tr-presentingProblems" className="block font-semibold">
        Presenting problems
      </label>
      {field.error("presentingProblems")}
      <textarea
        id="tr-presentingProblems"
        rows={4}
        value={values.presentingProblems}
        onChange={(e) => set("presentingProblems", e.target.value)}
        {...field.aria("presentingProblems")}
        className={boxClass(field.invalid("presentingProblems"))}
      />
    </div>
  );
}

export function RiskSection({ values, set, field }: TriageSectionProps) {
  const anyRisk = values.riskToSelf || values.riskToOthers || values.riskFromOthers;
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-4" aria-describedby="tr-risk-hint">
      <legend className="px-1 font-semibold">Risk screen</legend>
      <p id="tr-risk-hint" className="text-slate-700">
        Tick any risk identified. The GP sees a &ldquo;Risk&rdquo; flag on their list, and the action taken is required.
      </p>
      <div className="mt-2 space-y-2">
        {RISKS.map((risk) => (
          <label key={risk} htmlFor={`tr-${risk}`} className="flex cursor-pointer items-center gap-3">
            <input id={`tr-${risk}`} type="checkbox" checked={values[risk]} onChange={(e) => set(risk, e.target.checked)} className="h-6 w-6" />
            {RISK_LABELS[risk]}
          </label>
        ))}
      </div>
      {anyRisk || field.invalid("riskActionTaken") ? (
        <div className="mt-3">
          <label htmlFor="tr-riskActionTaken" className="block font-semibold">
            Action taken about the risk
          </label>
          {field.error("riskActionTaken")}
          <textarea
            id="tr-riskActionTaken"
            rows={3}
            value={values.riskActionTaken}
            onChange={(e) => set("riskActionTaken", e.target.value)}
            {...field.aria("riskActionTaken")}
            className={boxClass(field.invalid("riskActionTaken"))}
          />
        </div>
      ) : null}
    </fieldset>
  );
}
