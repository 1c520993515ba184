import type { Metadata } from "next";
import { ErrorSummary } from "@/components/error-summary";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/guard";
import { listPracticePractitioners } from "@/lib/services/practices/list-practice-practitioners";
import { setPracticePractitionerAction } from "./actions";

export const metadata: Metadata = { title: "Practices' Talking Therapies practitioners" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** The clinic lead names each practice's Talking Therapies practitioner, shown in the practice's monthly newsletter. */
export default async function PracticePractitionersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePagePermission("practice:manage");
  const params = await searchParams;
  const { practices, therapists } = await listPracticePractitioners(ctx);
  const failedFor = one(params.practice);
  const error = one(params.error);
  const saved = practices.find((p) => p.id === one(params.saved));
  return (
    <>
      <PageHeader back="/lead" backLabel="Back to clinic lead" title="Practices' Talking Therapies practitioners" />
      <p className="mt-1 max-w-3xl text-slate-700">
        Each practice has a named Talking Therapies practitioner, shown to its GPs in the monthly newsletter. Choose from the PCN&apos;s active
        Talking Therapies clinicians.
      </p>
      {saved ? (
        <p role="status" className="mt-3 rounded border border-green-700 bg-green-50 p-2">
          Saved the practitioner for {saved.name}.
        </p>
      ) : null}
      <ul className="mt-4 grid gap-4">
        {practices.map((p) => {
          const failed = failedFor === p.id && error;
          const selectId = `practitioner-${p.id}`;
          return (
            <li key={p.id} className="rounded border border-slate-300 bg-white p-4">
              <h2 className="text-lg font-semibold">
                {p.name} ({p.odsCode})
              </h2>
              <p className="text-sm text-slate-700">
                Now: {p.practitioner ? `${p.practitioner.name}${p.practitioner.active ? "" : " (no longer active)"}` : "nobody named"}
              </p>
              {/* The action answers a refusal with the refusal itself and otherwise redirects: the form ignores what it returns. */}
              <form action={setPracticePractitionerAction as unknown as (form: FormData) => Promise<void>} className="mt-2">
                {failed ? <ErrorSummary failure={{ message: error, fieldErrors: { practitionerId: error } }} /> : null}
                <input type="hidden" name="practiceId" value={p.id} />
                <label htmlFor={selectId} className="block font-semibold">
                  Talking Therapies practitioner for {p.name}
                </label>
                {failed ? (
                  <p id={`${selectId}-error`} className="font-semibold text-red-700">
                    {error}
                  </p>
                ) : null}
                <select
                  id={selectId}
                  name="practitionerId"
                  defaultValue={p.practitioner?.active ? p.practitioner.id : ""}
                  aria-invalid={failed ? true : undefined}
                  aria-describedby={failed ? `${selectId}-error` : undefined}
                  className="mt-1 rounded border border-slate-500 bg-white px-2 py-1"
                >
                  <option value="">Nobody named</option>
                  {therapists.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>{" "}
                <button type="submit" className="mt-2 rounded bg-nhs-blue px-4 py-1 font-semibold text-white hover:bg-nhs-dark-blue">
                  Save for {p.name}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
