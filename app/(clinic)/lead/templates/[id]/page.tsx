import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TemplateForm } from "@/components/template-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { getClinicTemplate } from "@/lib/services/clinics/get-clinic-template";
import { getTemplateEditorOptions } from "@/lib/services/clinics/get-template-editor-options";
import { updateTemplateAction } from "../actions";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Edit clinic template" };

export default async function EditTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("template:manage");
  const { id } = await params;
  const template = await getClinicTemplate(ctx, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const options = await getTemplateEditorOptions(ctx);
  return (
    <>
      <PageHeader back="/lead/templates" backLabel="Back to templates" title={`Edit template: ${template.name}`} />
      <p className="mt-1 text-slate-700">Clinic: {template.clinicName}. Times are London clock times.</p>
      <p className="mt-2 border-l-4 border-nhs-blue bg-blue-50 p-3">
        Changes affect only clinic days created after you save. Clinic days already created keep their times and roster.
      </p>
      <TemplateForm
        clinics={options.clinics}
        rooms={options.rooms}
        staff={options.staff}
        initial={{ templateId: template.id, clinicId: template.clinicId, name: template.name, sessions: template.sessions }}
        action={updateTemplateAction}
      />
    </>
  );
}
