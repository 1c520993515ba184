import type { Metadata } from "next";
import Link from "next/link";
import { ClinicSettingsForm } from "@/components/clinic-settings-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { listClinicTemplates } from "@/lib/services/clinics/list-clinic-templates";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { updateClinicAction } from "./actions";
import { DataTable, RowHeader } from "@/components/ui/table";

export const metadata: Metadata = { title: "Clinic templates" };

export default async function TemplatesPage() {
  const ctx = await requirePagePermission("template:manage");
  const clinics = await listClinicTemplates(ctx);
  return (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold">Clinic templates</h1>
        {clinics.length > 0 ? (
          <Link href="/lead/templates/new" className="rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800">
            New template
          </Link>
        ) : null}
      </div>
      <p className="mt-1 text-slate-700">
        A template is the shape of a clinic day: its sessions, rooms and rostered staff. Changing a template affects only clinic days created
        afterwards; days already created keep their own times and roster (change those on the day&apos;s manage page).
      </p>
      {clinics.length === 0 ? <p className="mt-6">Your PCN has no clinics yet.</p> : null}
      {clinics.map((clinic) => (
        <section key={clinic.id} aria-labelledby={`clinic-${clinic.id}`} className="mt-8 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id={`clinic-${clinic.id}`} className="text-2xl font-bold">
            {clinic.name}
          </h2>
          <p className="text-slate-700">{clinic.siteName}</p>
          <ClinicSettingsForm clinic={clinic} action={updateClinicAction} />
          {clinic.templates.length === 0 ? (
            <p className="mt-4">This clinic has no templates yet.</p>
          ) : (
            <DataTable
              className="mt-4 w-full border-collapse text-left"
              caption={`Templates of ${clinic.name}`}
              columns={["Template", "Sessions", { key: "actions", label: <span className="sr-only">Actions</span>, className: "py-2" }]}
              headCellClassName="py-2 pr-4"
            >
              {clinic.templates.map((template) => (
                <tr key={template.id} className="border-b border-slate-200 align-top">
                  <RowHeader className="py-2 pr-4 font-semibold">
                    {template.name}
                    {template.active ? "" : " (not in use)"}
                  </RowHeader>
                  <td className="py-2 pr-4">
                    <ul>
                      {template.sessions.map((s, i) => (
                        <li key={i}>
                          {SESSION_KIND_LABELS[s.kind]} {s.start}–{s.end}, {s.slotMinutes}-minute slots, {s.staffIds.length}{" "}
                          {s.staffIds.length === 1 ? "column" : "columns"}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="py-2">
                    <Link href={`/lead/templates/${template.id}`} className="font-semibold text-nhs-blue underline">
                      Edit<span className="sr-only"> {template.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      ))}
    </>
  );
}
