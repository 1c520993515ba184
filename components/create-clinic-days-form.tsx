"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import type { SessionKind } from "@/lib/db/generated/enums";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { ErrorSummary } from "./error-summary";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";
import { DataTable, RowHeader } from "@/components/ui/table";
import { longDate } from "@/components/dates";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadCreateClinicDaysSchema: SchemaLoader = () => import("@/lib/validation/clinic-day").then((m) => m.createClinicDaysSchema);

type Preview = {
  templateName: string;
  clinicName: string;
  days: Array<{ date: string; sessions: Array<{ kind: SessionKind; start: string; end: string; staff: string[] }>; clashes: string[] }>;
};

export function CreateClinicDaysForm({
  templates,
  previewAction,
  createAction,
}: {
  templates: Array<{ id: string; label: string }>;
  previewAction: (input: unknown) => Promise<ActionResult<Preview>>;
  createAction: (input: unknown) => Promise<ActionResult<{ ids: string[]; dates: string[] }>>;
}) {
  const router = useRouter();
  const { pending, failure, errors, saved: created, setSaved: setCreated, check, run } = useActionForm();
  const [input, setInput] = useState({ templateId: templates[0]?.id ?? "", firstDate: "", weeks: "1" });
  const [preview, setPreview] = useState<Preview | null>(null);

  function change(field: keyof typeof input, value: string) {
    setInput((v) => ({ ...v, [field]: value }));
    setPreview(null);
  }

  async function onPreview(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    if (!(await check(loadCreateClinicDaysSchema, input))) return;
    run(
      () => previewAction(input),
      setPreview,
      () => setPreview(null),
    );
  }

  function onCreate() {
    run(
      () => createAction(input),
      (data) => {
        setPreview(null);
        const n = data.dates.length;
        setCreated(`Created ${n} clinic ${n === 1 ? "day" : "days"}: ${data.dates.map(longDate).join(", ")}.`);
        router.refresh();
      },
    );
  }

  const clashes = preview?.days.some((d) => d.clashes.length > 0) ?? false;
  const fieldError = (name: string) => errors[name];

  return (
    <div>
      <ErrorSummary failure={failure} />
      <p role="status" className="mt-2 font-semibold text-nhs-green">
        {created ?? ""}
      </p>
      <form onSubmit={onPreview} noValidate className="mt-2 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="create-template" className="block font-semibold">
            Template
          </label>
          <select
            id="create-template"
            value={input.templateId}
            onChange={(e) => change("templateId", e.target.value)}
            className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
          >
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="create-first-date" className="block font-semibold">
            First date
          </label>
          {fieldError("firstDate") ? <p className="text-nhs-red">{fieldError("firstDate")}</p> : null}
          <input
            id="create-first-date"
            type="date"
            value={input.firstDate}
            onChange={(e) => change("firstDate", e.target.value)}
            className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="create-weeks" className="block font-semibold">
            Number of weeks
          </label>
          <p id="create-weeks-hint" className="text-sm text-slate-700">
            1 creates one day
          </p>
          {fieldError("weeks") ? <p className="text-nhs-red">{fieldError("weeks")}</p> : null}
          <input
            id="create-weeks"
            type="number"
            min={1}
            max={52}
            aria-describedby="create-weeks-hint"
            value={input.weeks}
            onChange={(e) => change("weeks", e.target.value)}
            className="mt-1 w-24 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <button
          type="submit"
          disabled={pending || templates.length === 0}
          className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60"
        >
          Preview
        </button>
      </form>
      {preview ? (
        <section aria-labelledby="preview-heading" className="mt-4 rounded-lg border border-slate-300 bg-white p-4">
          <h3 id="preview-heading" className="text-lg font-bold">
            Check before creating: {preview.templateName} ({preview.clinicName})
          </h3>
          <p className="text-slate-700">Times are London clock times.</p>
          <DataTable
            className="mt-2 w-full border-collapse text-left"
            caption="Clinic days to be created"
            columns={["Date", "Sessions", { label: "Clashes", className: "py-2" }]}
            headCellClassName="py-2 pr-4"
          >
            {preview.days.map((day) => (
              <tr key={day.date} className="border-b border-slate-200 align-top">
                <RowHeader className="py-2 pr-4">{longDate(day.date)}</RowHeader>
                <td className="py-2 pr-4">
                  <ul>
                    {day.sessions.map((s, i) => (
                      <li key={i}>
                        {SESSION_KIND_LABELS[s.kind]} {s.start}–{s.end}: {s.staff.join(", ")}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="py-2">
                  {day.clashes.length === 0 ? (
                    "None"
                  ) : (
                    <ul className="font-semibold text-nhs-red">
                      {day.clashes.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          {clashes ? (
            <p className="mt-3 font-semibold text-nhs-red">
              Some dates clash. Change the first date or the number of weeks, or change the roster, then preview again.
            </p>
          ) : (
            <button
              type="button"
              onClick={onCreate}
              disabled={pending}
              className="mt-3 rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60"
            >
              {pending ? "Creating…" : `Create ${preview.days.length} clinic ${preview.days.length === 1 ? "day" : "days"}`}
            </button>
          )}
        </section>
      ) : null}
    </div>
  );
}
