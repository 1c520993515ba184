import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/guard";
import type { LanguageChoice } from "@/lib/messages";
import { getLanguageCoverage } from "@/lib/services/messages/get-language-coverage";
import { DataTable, RowHeader } from "@/components/ui/table";

export const metadata: Metadata = { title: "Languages" };

function receives(choice: LanguageChoice, total: number, present: Map<string, number>): string {
  switch (choice.kind) {
    case "english":
      return "English";
    case "catalogue": {
      const n = present.get(choice.locale) ?? 0;
      return n === total ? `Their language (${choice.locale})` : `Their language (${choice.locale}), ${total - n} of ${total} messages in English`;
    }
    case "no-catalogue":
      return `English: no catalogue for ${choice.wanted}`;
    case "unknown":
      return "English: not a language the app can match";
  }
}

/** Which languages patients receive their reminders and care-plan copies in, and how complete each catalogue is. */
export default async function LanguagesPage() {
  const ctx = await requirePagePermission("language:view");
  const view = await getLanguageCoverage(ctx);
  const present = new Map(view.catalogues.map((c) => [c.locale, c.present]));
  return (
    <>
      <h1 className="text-3xl font-bold">Languages</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Appointment reminders and the patient&apos;s copy of their care plan (standard and easy read) are written in the patient&apos;s preferred
        language when there is a message catalogue for it. English is built in ({view.total} messages). A service adds a catalogue as a file named by
        its language code, such as <code>pl.json</code>, in <code>{view.folder}</code>; a message a catalogue lacks is sent or printed in English, and
        staff are told.
      </p>

      <h2 className="mt-6 text-2xl font-bold">Catalogues</h2>
      {!view.exists ? (
        <p className="mt-2">The catalogue folder does not exist: every patient receives English.</p>
      ) : view.catalogues.length === 0 ? (
        <p className="mt-2">No catalogue files: every patient receives English.</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <DataTable
            className="w-full border-collapse text-left"
            caption="Each catalogue file's coverage of the English messages"
            columns={["Language", "File", "Messages", "Missing (shown in English)", "Problems"]}
          >
            {view.catalogues.map((c) => (
              <tr key={c.file} className="border-b border-slate-200 align-top">
                <RowHeader>
                  {c.name} <span className="text-slate-700">({c.locale})</span>
                  {c.rightToLeft ? <span className="block text-sm text-slate-700">Right to left</span> : null}
                </RowHeader>
                <td className="p-2">
                  <code>{c.file}</code>
                </td>
                <td className="p-2 tabular-nums">
                  {c.present} of {c.total}
                </td>
                <td className="p-2 text-sm">
                  {c.missing.length === 0 ? (
                    "None"
                  ) : (
                    <ul className="list-disc pl-5">
                      {c.missing.map((m) => (
                        <li key={m.key}>
                          {m.description} <code className="text-slate-700">{m.key}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="p-2 text-sm">
                  {c.problems.length === 0 ? (
                    "None"
                  ) : (
                    <ul className="list-disc pl-5">
                      {c.problems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}

      <h2 className="mt-6 text-2xl font-bold">What patients receive</h2>
      <div className="mt-2 overflow-x-auto">
        <DataTable
          className="w-full border-collapse text-left"
          caption="The preferred languages on the PCN's patient records"
          columns={["Preferred language", "Patients", "Interpreter needed", "Reminders and care-plan copies in"]}
        >
          {view.patients.map((p) => (
            <tr key={p.language} className="border-b border-slate-200">
              <RowHeader>{p.language}</RowHeader>
              <td className="p-2 tabular-nums">{p.patients}</td>
              <td className="p-2 tabular-nums">{p.interpreterNeeded}</td>
              <td className="p-2">{receives(p.choice, view.total, present)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </>
  );
}
