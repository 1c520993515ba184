import { inputClass } from "@/components/forms/field";
import { ACTION_KIND_LABELS, ACTION_KINDS, type ActionKind, type CarePlanAction } from "@/lib/care-plan";
import { fieldId, type CarePlanSectionProps } from "./fields";

/** Actions: who does what, by when. */
export function ActionsSection({ values, set, field, today }: CarePlanSectionProps & { today: string }) {
  const setAction = (index: number, change: Partial<CarePlanAction>) =>
    set(
      "actions",
      values.actions.map((a, i) => (i === index ? { ...a, ...change } : a)),
    );
  const text = (
    i: number,
    name: "who" | "description" | "byWhen",
    label: string,
    extra: { type?: string; min?: string; className?: string } = {},
  ) => {
    const key = `actions.${i}.${name}`;
    return (
      <div className={extra.className}>
        <label htmlFor={fieldId(key)} className="block font-semibold">
          {label}
        </label>
        <input
          id={fieldId(key)}
          type={extra.type}
          min={extra.min}
          value={values.actions[i][name]}
          onChange={(e) => setAction(i, { [name]: e.target.value })}
          {...field.aria(key)}
          className={inputClass(field.invalid(key))}
        />
        {field.error(key)}
      </div>
    );
  };
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-4">
      <legend className="px-1 text-lg font-semibold">Actions: who does what, by when</legend>
      {values.actions.length === 0 ? <p className="text-slate-700">No actions yet.</p> : null}
      <ol className="space-y-4">
        {values.actions.map((action, i) => (
          <li key={i}>
            <fieldset className="rounded border border-slate-300 p-3">
              <legend className="px-1 font-semibold">Action {i + 1}</legend>
              <div className="grid gap-3 sm:grid-cols-2">
                <div>
                  <label htmlFor={fieldId(`actions.${i}.kind`)} className="block font-semibold">
                    Kind
                  </label>
                  <select
                    id={fieldId(`actions.${i}.kind`)}
                    value={action.kind}
                    onChange={(e) => setAction(i, { kind: e.target.value as ActionKind })}
                    className={inputClass(false)}
                  >
                    {ACTION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {ACTION_KIND_LABELS[k]}
                      </option>
                    ))}
                  </select>
                </div>
                {text(i, "who", "Who")}
                {text(i, "description", "What", { className: "sm:col-span-2" })}
                {text(i, "byWhen", "By when", { type: "date", min: today })}
              </div>
              <button
                type="button"
                onClick={() =>
                  set(
                    "actions",
                    values.actions.filter((_, j) => j !== i),
                  )
                }
                className="mt-3 rounded border-2 border-nhs-red px-3 py-1 font-semibold text-nhs-red"
              >
                Remove action {i + 1}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => set("actions", [...values.actions, { kind: "MEDICAL", description: "", who: "", byWhen: "" }])}
        className="mt-3 rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue"
      >
        Add an action
      </button>
    </fieldset>
  );
}
