"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import type { Role, SessionKind } from "@/lib/db/generated/enums";
import { SESSION_KIND_ROLE } from "@/lib/clinic-day/roles";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { ErrorSummary } from "./error-summary";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";

// The server's schemas, fetched when the form is first checked (see SchemaLoader).
const loadClinicTemplateSchema: SchemaLoader = () => import("@/lib/validation/clinic-day").then((m) => m.clinicTemplateSchema);
const loadUpdateClinicTemplateSchema: SchemaLoader = () => import("@/lib/validation/clinic-day").then((m) => m.updateClinicTemplateSchema);

type SessionDraft = { key: number; kind: SessionKind; start: string; end: string; slotMinutes: string; roomId: string; staffIds: string[] };
type Initial = {
  templateId: string;
  clinicId: string;
  name: string;
  sessions: Array<Omit<SessionDraft, "key" | "slotMinutes" | "roomId"> & { slotMinutes: number; roomId?: string }>;
};

const DEFAULTS: Record<SessionKind, Pick<SessionDraft, "start" | "end" | "slotMinutes">> = {
  WRAP_AROUND: { start: "09:00", end: "12:00", slotMinutes: "20" },
  TALKING_THERAPIES: { start: "13:00", end: "16:00", slotMinutes: "30" },
  GP: { start: "13:30", end: "17:00", slotMinutes: "20" },
};
const KINDS: SessionKind[] = ["WRAP_AROUND", "TALKING_THERAPIES", "GP"];

let nextKey = 1;
function draft(kind: SessionKind): SessionDraft {
  return { key: nextKey++, kind, ...DEFAULTS[kind], roomId: "", staffIds: [] };
}

export function TemplateForm({
  clinics,
  rooms,
  staff,
  initial,
  action,
}: {
  clinics: Array<{ id: string; name: string; siteId: string }>;
  rooms: Array<{ id: string; name: string; siteId: string }>;
  staff: Array<{ id: string; name: string; roles: Role[] }>;
  initial?: Initial;
  action: (input: unknown) => Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const { pending, failure, errors, check, run } = useActionForm();
  const [clinicId, setClinicId] = useState(initial?.clinicId ?? clinics[0]?.id ?? "");
  const [name, setName] = useState(initial?.name ?? "");
  const [sessions, setSessions] = useState<SessionDraft[]>(
    initial ? initial.sessions.map((s) => ({ ...s, key: nextKey++, slotMinutes: String(s.slotMinutes), roomId: s.roomId ?? "" })) : KINDS.map(draft),
  );
  const siteId = clinics.find((c) => c.id === clinicId)?.siteId;
  const siteRooms = rooms.filter((r) => r.siteId === siteId);

  function update(key: number, change: Partial<SessionDraft>) {
    setSessions((list) => list.map((s) => (s.key === key ? { ...s, ...change } : s)));
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = {
      ...(initial ? { templateId: initial.templateId } : { clinicId }),
      name,
      sessions: sessions.map((s) => ({
        kind: s.kind,
        start: s.start,
        end: s.end,
        slotMinutes: s.slotMinutes,
        roomId: s.roomId || undefined,
        staffIds: s.staffIds,
      })),
    };
    if (!(await check(initial ? loadUpdateClinicTemplateSchema : loadClinicTemplateSchema, payload))) return;
    run(
      () => action(payload),
      () => {
        router.push("/lead/templates");
        router.refresh();
      },
    );
  }

  const fieldError = (path: string) => errors[path];

  return (
    <form onSubmit={submit} noValidate className="mt-4 max-w-3xl space-y-6">
      <ErrorSummary failure={failure} />
      <div>
        <label htmlFor="template-name" className="block font-semibold">
          Template name
        </label>
        {fieldError("name") ? <p className="text-nhs-red">{fieldError("name")}</p> : null}
        <input
          id="template-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2"
        />
      </div>
      {initial ? null : (
        <div>
          <label htmlFor="template-clinic" className="block font-semibold">
            Clinic
          </label>
          <select
            id="template-clinic"
            value={clinicId}
            onChange={(e) => setClinicId(e.target.value)}
            className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
          >
            {clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {sessions.map((session, index) => {
        const n = index + 1;
        const suitable = staff.filter((p) => p.roles.includes(SESSION_KIND_ROLE[session.kind]));
        return (
          <fieldset key={session.key} className="rounded-lg border border-slate-300 bg-white p-4">
            <legend className="px-1 text-lg font-bold">
              Session {n}: {SESSION_KIND_LABELS[session.kind]}
            </legend>
            <div className="grid gap-4 sm:grid-cols-2">
              <div>
                <label htmlFor={`kind-${session.key}`} className="block font-semibold">
                  Kind of session
                </label>
                <select
                  id={`kind-${session.key}`}
                  value={session.kind}
                  onChange={(e) => {
                    const kind = e.target.value as SessionKind;
                    update(session.key, { kind, ...DEFAULTS[kind], staffIds: [] });
                  }}
                  className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {SESSION_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={`room-${session.key}`} className="block font-semibold">
                  Room
                </label>
                {fieldError(`sessions.${index}.roomId`) ? <p className="text-nhs-red">{fieldError(`sessions.${index}.roomId`)}</p> : null}
                <select
                  id={`room-${session.key}`}
                  value={session.roomId}
                  onChange={(e) => update(session.key, { roomId: e.target.value })}
                  className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
                >
                  <option value="">No room set</option>
                  {siteRooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={`start-${session.key}`} className="block font-semibold">
                  Starts (London time)
                </label>
                <input
                  id={`start-${session.key}`}
                  type="time"
                  value={session.start}
                  onChange={(e) => update(session.key, { start: e.target.value })}
                  className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
                />
              </div>
              <div>
                <label htmlFor={`end-${session.key}`} className="block font-semibold">
                  Ends (London time)
                </label>
                {fieldError(`sessions.${index}.end`) ? <p className="text-nhs-red">{fieldError(`sessions.${index}.end`)}</p> : null}
                <input
                  id={`end-${session.key}`}
                  type="time"
                  value={session.end}
                  onChange={(e) => update(session.key, { end: e.target.value })}
                  className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
                />
              </div>
              <div>
                <label htmlFor={`slot-${session.key}`} className="block font-semibold">
                  Slot length in minutes
                </label>
                {fieldError(`sessions.${index}.slotMinutes`) ? <p className="text-nhs-red">{fieldError(`sessions.${index}.slotMinutes`)}</p> : null}
                <input
                  id={`slot-${session.key}`}
                  type="number"
                  min={5}
                  max={240}
                  inputMode="numeric"
                  value={session.slotMinutes}
                  onChange={(e) => update(session.key, { slotMinutes: e.target.value })}
                  className="mt-1 w-28 rounded border-2 border-slate-700 px-3 py-2"
                />
              </div>
            </div>
            <fieldset className="mt-4">
              <legend className="font-semibold">Rostered staff for session {n} (one column each, in the order ticked)</legend>
              {fieldError(`sessions.${index}.staffIds`) ? <p className="text-nhs-red">{fieldError(`sessions.${index}.staffIds`)}</p> : null}
              {suitable.length === 0 ? <p className="text-slate-700">No active staff have the role this session needs.</p> : null}
              <ul className="mt-1 space-y-1">
                {suitable.map((person) => {
                  const id = `staff-${session.key}-${person.id}`;
                  const checked = session.staffIds.includes(person.id);
                  return (
                    <li key={person.id}>
                      <input
                        id={id}
                        type="checkbox"
                        checked={checked}
                        onChange={() =>
                          update(session.key, {
                            staffIds: checked ? session.staffIds.filter((s) => s !== person.id) : [...session.staffIds, person.id],
                          })
                        }
                        className="mr-2 h-5 w-5 align-middle"
                      />
                      <label htmlFor={id}>
                        {person.name}
                        {checked ? ` (column ${session.staffIds.indexOf(person.id) + 1})` : ""}
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
            <button
              type="button"
              onClick={() => setSessions((list) => list.filter((s) => s.key !== session.key))}
              className="mt-4 rounded border-2 border-nhs-red px-3 py-1 font-semibold text-nhs-red"
            >
              Remove session {n}
            </button>
          </fieldset>
        );
      })}
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          onClick={() => setSessions((list) => [...list, draft(KINDS.find((k) => !list.some((s) => s.kind === k)) ?? "GP")])}
          className="rounded border-2 border-nhs-blue px-4 py-2 font-semibold text-nhs-blue"
        >
          Add session
        </button>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save template"}
        </button>
      </div>
    </form>
  );
}
