"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import type { Role } from "@/lib/db/generated/enums";
import { MENTAL_HEALTH_SERVICE_LABELS, MENTAL_HEALTH_SERVICES } from "@/lib/huddle/services";
import { ErrorSummary } from "./error-summary";
import { fieldErrors, inputClass } from "./forms/field";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadStaffUserSchema: SchemaLoader = () => import("@/lib/validation/staff").then((m) => m.staffUserSchema);

const ORDER = ["name", "email", "roles", "partnerService", "partnerServiceName", "password"];

/**
 * The clinic lead adds a member of staff to the PCN: name, email, roles and a first password they pass on (the
 * person changes it at /account). A mental health partner names the service they represent.
 */
export function AddStaffForm({ action }: { action: (input: unknown) => Promise<ActionResult<{ id: string }>> }) {
  const { pending, failure, errors, saved, setSaved, savedRef, check, run } = useActionForm();
  const [roles, setRoles] = useState<Role[]>([]);
  const [service, setService] = useState("");
  const field = fieldErrors(errors, (name) => `staff-${name}`);
  const partner = roles.includes("MENTAL_HEALTH_PARTNER");

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const serviceName = String(form.get("partnerServiceName") ?? "").trim();
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      roles: form.getAll("roles").map(String),
      password: String(form.get("password") ?? ""),
      ...(partner && service ? { partnerService: service } : {}),
      ...(partner && service === "OTHER" && serviceName ? { partnerServiceName: serviceName } : {}),
    };
    setSaved(null);
    if (!(await check(loadStaffUserSchema, input))) return;
    run(
      () => action(input),
      () => {
        formElement.reset();
        setRoles([]);
        setService("");
        setSaved(`${input.name.trim()} can now sign in with ${input.email.trim().toLowerCase()} and the password you chose.`);
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 max-w-xl space-y-4">
      <ErrorSummary failure={failure} heading="h3" fieldId={(name) => (ORDER.includes(name) ? field.id(name) : null)} order={ORDER} />
      <div>
        <label htmlFor={field.id("name")} className="block font-semibold">
          Full name
        </label>
        {field.error("name")}
        <input id={field.id("name")} name="name" autoComplete="off" {...field.aria("name")} className={inputClass(field.invalid("name"))} />
      </div>
      <div>
        <label htmlFor={field.id("email")} className="block font-semibold">
          Email address
        </label>
        {field.error("email")}
        <input
          id={field.id("email")}
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          {...field.aria("email")}
          className={inputClass(field.invalid("email"))}
        />
      </div>
      <fieldset id={field.id("roles")} tabIndex={-1} aria-describedby={field.describedBy("roles")}>
        <legend className="font-semibold">Roles</legend>
        {field.error("roles")}
        {ROLES.map((role) => (
          <div key={role} className="mt-1 flex items-center gap-2">
            <input
              id={`staff-role-${role}`}
              name="roles"
              type="checkbox"
              value={role}
              checked={roles.includes(role)}
              onChange={(event) => setRoles((current) => (event.target.checked ? [...current, role] : current.filter((r) => r !== role)))}
              className="h-5 w-5"
            />
            <label htmlFor={`staff-role-${role}`}>{ROLE_LABELS[role]}</label>
          </div>
        ))}
      </fieldset>
      {partner ? (
        <div className="border-l-4 border-slate-300 pl-3">
          <label htmlFor={field.id("partnerService")} className="block font-semibold">
            Service the partner represents
          </label>
          {field.error("partnerService")}
          <select
            id={field.id("partnerService")}
            name="partnerService"
            value={service}
            onChange={(event) => setService(event.target.value)}
            {...field.aria("partnerService")}
            className={inputClass(field.invalid("partnerService"))}
          >
            <option value="">Choose the service</option>
            {MENTAL_HEALTH_SERVICES.map((s) => (
              <option key={s} value={s}>
                {MENTAL_HEALTH_SERVICE_LABELS[s]}
              </option>
            ))}
          </select>
          {service === "OTHER" ? (
            <div className="mt-3">
              <label htmlFor={field.id("partnerServiceName")} className="block font-semibold">
                Name of the service
              </label>
              {field.error("partnerServiceName")}
              <input
                id={field.id("partnerServiceName")}
                name="partnerServiceName"
                {...field.aria("partnerServiceName")}
                className={inputClass(field.invalid("partnerServiceName"))}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      <div>
        <label htmlFor={field.id("password")} className="block font-semibold">
          First password
        </label>
        <p id="staff-password-hint" className="text-slate-700">
          At least {PASSWORD_MIN_LENGTH} characters, not a common password and not their name or email. Give it to them in person; they can change it
          under &ldquo;Your account&rdquo;.
        </p>
        {field.error("password")}
        <input
          id={field.id("password")}
          name="password"
          type="password"
          autoComplete="new-password"
          {...field.aria("password", "staff-password-hint")}
          className={inputClass(field.invalid("password"))}
        />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Adding…" : "Add member of staff"}
      </button>
      <div ref={savedRef} tabIndex={-1} role="status" className="font-semibold text-nhs-green">
        {saved ?? ""}
      </div>
    </form>
  );
}
