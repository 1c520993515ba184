import type { Metadata } from "next";
import Link from "next/link";
import { AddStaffForm } from "@/components/add-staff-form";
import { StaffControls } from "@/components/staff-controls";
import { requirePagePermission } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { MENTAL_HEALTH_SERVICE_LABELS } from "@/lib/huddle/services";
import { formatLondon } from "@/lib/schedule";
import { listStaff } from "@/lib/services/staff/list-staff";
import { createStaffUserAction, endStaffSessionsAction, setStaffActiveAction } from "./actions";
import { DataTable, RowHeader } from "@/components/ui/table";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const ctx = await requirePagePermission("staff:manage");
  const staff = await listStaff(ctx);
  return (
    <>
      <h1 className="text-3xl font-bold">Staff</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        End someone&apos;s sessions when a tablet is lost or a shared PC was left signed in; deactivate an account when someone leaves. Both take
        effect on their next click, on every device. Someone who is key worker to patients is deactivated once their patients are handed to another
        key worker.
      </p>
      <DataTable
        className="mt-4 w-full border-collapse bg-white text-left"
        caption="Staff of your PCN"
        columns={["Name", "Email", "Roles", "Status", "Last signed in", "Open sessions", "Key worker to", "Actions"]}
      >
        {staff.map((person) => (
          <tr key={person.id} className="border-b border-slate-200 align-top">
            <RowHeader>{person.name}</RowHeader>
            <td className="p-2">{person.email}</td>
            <td className="p-2">
              {person.roles.map((r) => ROLE_LABELS[r]).join(", ")}
              {person.partnerService ? (
                <span className="block text-slate-700">
                  {person.partnerService === "OTHER" ? person.partnerServiceName : MENTAL_HEALTH_SERVICE_LABELS[person.partnerService]}
                </span>
              ) : null}
            </td>
            <td className="p-2">{person.active ? "Active" : "Deactivated"}</td>
            <td className="p-2">{person.lastSignInAt ? formatLondon(person.lastSignInAt, "d MMM yyyy HH:mm") : "Never"}</td>
            <td className="p-2">{person.openSessions}</td>
            <td className="p-2">
              {person.keyWorkerPatients > 0 ? (
                <>
                  {person.keyWorkerPatients} {person.keyWorkerPatients === 1 ? "patient" : "patients"}
                  {person.active ? null : <strong className="block text-nhs-red">Not active: hand them over</strong>}
                  <Link href={`/lead/staff/${person.id}/hand-over`} className="block text-nhs-blue underline">
                    Hand over<span className="sr-only"> {person.name}&apos;s patients</span>
                  </Link>
                </>
              ) : (
                "None"
              )}
            </td>
            <td className="p-2">
              <StaffControls
                staff={{ id: person.id, name: person.name, active: person.active, openSessions: person.openSessions }}
                isSelf={person.id === ctx.actor.id}
                endSessions={endStaffSessionsAction}
                setActive={setStaffActiveAction}
              />
            </td>
          </tr>
        ))}
      </DataTable>
      <h2 className="mt-8 text-2xl font-bold">Add a member of staff</h2>
      <AddStaffForm action={createStaffUserAction} />
    </>
  );
}
