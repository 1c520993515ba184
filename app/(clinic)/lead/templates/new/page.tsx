import type { Metadata } from "next";
import { TemplateForm } from "@/components/template-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { getTemplateEditorOptions } from "@/lib/services/clinics/get-template-editor-options";
import { createTemplateAction } from "../actions";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New clinic template" };

export default async function NewTemplatePage() {
  const ctx = await requirePagePermission("template:manage");
  const options = await getTemplateEditorOptions(ctx);
  return (
    <>
      <PageHeader back="/lead/templates" backLabel="Back to templates" title="New clinic template" />
      <p className="mt-1 text-slate-700">
        Times are London clock times. Each rostered person is one column of slots (a health-buddy station, a clinician, a GP).
      </p>
      {options.clinics.length === 0 ? (
        <p className="mt-4">Your PCN has no clinics yet.</p>
      ) : (
        <TemplateForm clinics={options.clinics} rooms={options.rooms} staff={options.staff} action={createTemplateAction} />
      )}
    </>
  );
}
