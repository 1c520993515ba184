"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ukDate } from "@/components/dates";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass } from "@/components/forms/field";
import { useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadBringCaseSchema: SchemaLoader = () => import("@/lib/validation/huddles").then((m) => m.bringCaseSchema);

export type HuddleChoice = { id: string; date: string; time: string };

/**
 * Brings a patient to the PCN's referral huddle with a question, to the next
 * huddle unless another is chosen.
 */
export function BringToHuddleForm({
  patientId,
  patientName,
  huddles,
  today,
  action,
}: {
  patientId: string;
  patientName: string;
  /** The huddles still to come, soonest first (the first is the default). */
  huddles: HuddleChoice[];
  today: string;
  action: (input: unknown) => Promise<ActionResult<{ caseId: string; huddleId: string; huddleDate: string; position: number }>>;
}) {
  const router = useRouter();
  const [question, setQuestion] = useState("");
  const [huddleId, setHuddleId] = useState(huddles[0]?.id ?? "");
  const { pending, failure, errors, saved, setSaved, savedRef, check, run } = useActionForm<{ huddleId: string; date: string }>();
  const id = (field: string) => `bring-${field}`;
  const field = fieldErrors(errors, id);

  if (huddles.length === 0) return <p className="mt-2">No huddle is scheduled yet. Ask the clinic lead to schedule one.</p>;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { patientId, question, huddleId: huddleId || undefined };
    if (!(await check(loadBringCaseSchema, payload))) return;
    run(
      () => action(payload),
      (data) => {
        setQuestion("");
        setSaved({ huddleId: data.huddleId, date: data.huddleDate });
        router.refresh();
      },
    );
  }

  const label = (h: HuddleChoice) => `${h.date === today ? "Today" : ukDate(h.date, "EEEE d MMMM")} at ${h.time}`;

  return (
    <form onSubmit={onSubmit} noValidate className="mt-2 max-w-2xl space-y-3">
      <ErrorSummary failure={failure} heading="h3" fieldId={(f) => (f === "patientId" ? null : id(f))} order={["question", "huddleId"]} />
      <div>
        <label htmlFor={id("question")} className="block font-semibold">
          Question for the huddle
        </label>
        <p id={id("question-hint")} className="text-slate-700">
          For example: not sure which service; too complex for step 3?
        </p>
        {field.error("question")}
        <textarea
          id={id("question")}
          rows={3}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          {...field.aria("question", id("question-hint"))}
          className={inputClass(field.invalid("question"))}
        />
      </div>
      <div>
        <label htmlFor={id("huddleId")} className="block font-semibold">
          Which huddle
        </label>
        {field.error("huddleId")}
        <select
          id={id("huddleId")}
          value={huddleId}
          onChange={(e) => setHuddleId(e.target.value)}
          {...field.aria("huddleId")}
          className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
        >
          {huddles.map((h, i) => (
            <option key={h.id} value={h.id}>
              {label(h)}
              {i === 0 ? " (the next huddle)" : ""}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Bringing…" : `Bring ${patientName} to the huddle`}
      </button>
      <div ref={savedRef} tabIndex={-1} role="status" className="text-nhs-green">
        {saved ? (
          <>
            {patientName} is on the huddle on {ukDate(saved.date, "EEEE d MMMM")}.{" "}
            <Link href={`/huddle/${saved.huddleId}`} className="text-nhs-blue underline">
              Open that huddle
            </Link>
          </>
        ) : null}
      </div>
    </form>
  );
}
