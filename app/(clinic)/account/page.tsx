import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/change-password-form";
import { SignOutEverywhereButton } from "@/components/sign-out-everywhere-button";
import { requirePagePermission } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { changeOwnPassword, signOutEverywhere } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const { actor } = await requirePagePermission("self:manage");
  return (
    <>
      <h1 className="text-3xl font-bold">Your account</h1>
      <dl className="mt-4 grid max-w-xl grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-semibold">Name</dt>
        <dd>{actor.name}</dd>
        <dt className="font-semibold">Email</dt>
        <dd>{actor.email}</dd>
        <dt className="font-semibold">Roles</dt>
        <dd>{actor.roles.map((r) => ROLE_LABELS[r]).join(", ")}</dd>
      </dl>
      <section className="mt-8 max-w-xl" aria-labelledby="change-password-heading">
        <h2 id="change-password-heading" className="text-xl font-bold">
          Change your password
        </h2>
        <p className="mt-1">Changing it signs you out everywhere else; this session stays open.</p>
        <ChangePasswordForm action={changeOwnPassword} />
      </section>
      <section className="mt-8 max-w-xl">
        <h2 className="text-xl font-bold">Signed in somewhere else?</h2>
        <p className="mt-1">If you left a session open on a shared PC or lost a tablet, end every session of your account.</p>
        <SignOutEverywhereButton action={signOutEverywhere} />
      </section>
    </>
  );
}
