"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { checkImportFile, IMPORT_BATCH_SIZE, type ImportRow } from "@/lib/patient-import/file";
import type { PatientImportProgress } from "@/lib/services/patients/import-patient-batch";
import type { PatientImportPreview } from "@/lib/services/patients/preview-patient-import";

/** The preview as it arrives over JSON (dates become strings). */
type Preview = Omit<PatientImportPreview, "previousImportAt"> & { previousImportAt: string | null };

type Stage =
  | { name: "choose"; error?: string }
  | { name: "checking" }
  | { name: "preview"; preview: Preview }
  | { name: "importing"; preview: Preview; progress: PatientImportProgress | null; error?: string }
  | { name: "done"; preview: Preview; progress: PatientImportProgress };

const SHOWN = 200;
const n = (value: number) => value.toLocaleString("en-GB");
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

function Capped<T>({ items, render }: { items: T[]; render: (item: T) => React.ReactNode }) {
  return (
    <>
      <ul className="mt-2 list-disc space-y-1 pl-6">{items.slice(0, SHOWN).map(render)}</ul>
      {items.length > SHOWN ? <p className="mt-1">…and {n(items.length - SHOWN)} more.</p> : null}
    </>
  );
}

/**
 * Upload → preview → import in batches → summary. The browser keeps the good
 * rows between preview and import and sends them back in batches; the server
 * checks every row again, so nothing the browser holds is trusted.
 */
export function PatientImport({
  uploadUrl,
  importBatch,
}: {
  uploadUrl: string;
  importBatch: (input: { importId: string; start: number; rows: ImportRow[] }) => Promise<ActionResult<PatientImportProgress>>;
}) {
  const [stage, setStage] = useState<Stage>({ name: "choose" });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const shown = useRef<string>("choose");

  // Move focus to what changed once it has rendered: a refusal, or the next step's heading (not on every progress update).
  const error = "error" in stage ? stage.error : undefined;
  useEffect(() => {
    const key = `${stage.name}:${error ?? ""}`;
    if (key === shown.current) return;
    shown.current = key;
    if (error) errorRef.current?.focus();
    else if (stage.name !== "choose" && stage.name !== "checking") headingRef.current?.focus();
  }, [stage.name, error]);

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.name === "") {
      setStage({ name: "choose", error: "Choose a CSV file to upload" });
      return;
    }
    // The server checks again; this only saves uploading a file that will be refused.
    const refusal = checkImportFile({ name: file.name, size: file.size });
    if (refusal) {
      setStage({ name: "choose", error: refusal });
      return;
    }
    setStage({ name: "checking" });
    try {
      const response = await fetch(uploadUrl, { method: "POST", body: form });
      const body = (await response.json()) as { ok?: true; data?: Preview; error?: { message: string } };
      if (!response.ok || !body.data) {
        setStage({ name: "choose", error: body.error?.message ?? "The file could not be checked. Try again." });
        return;
      }
      setStage({ name: "preview", preview: body.data });
    } catch {
      setStage({ name: "choose", error: "The file could not be uploaded. Check the connection and try again." });
    }
  }

  async function runImport(preview: Preview, from: PatientImportProgress | null) {
    let progress = from;
    setStage({ name: "importing", preview, progress });
    for (let start = progress?.processed ?? 0; start < preview.rows.length; start += IMPORT_BATCH_SIZE) {
      let result: ActionResult<PatientImportProgress>;
      try {
        result = await importBatch({ importId: preview.importId, start, rows: preview.rows.slice(start, start + IMPORT_BATCH_SIZE) });
      } catch {
        result = { ok: false, code: "UNAVAILABLE", message: "The connection to the clinic system was lost." };
      }
      if (!result.ok) {
        setStage({ name: "importing", preview, progress, error: result.message });
        return;
      }
      progress = result.data;
      setStage({ name: "importing", preview, progress });
    }
    if (progress) {
      setStage({ name: "done", preview, progress });
    }
  }

  if (stage.name === "choose" || stage.name === "checking") {
    return (
      <form method="post" encType="multipart/form-data" onSubmit={upload} noValidate className="mt-6 max-w-2xl space-y-4">
        {error ? (
          <div ref={errorRef} tabIndex={-1} role="alert" className="border-4 border-nhs-red bg-white p-4">
            <h2 className="text-xl font-bold">There is a problem with the file</h2>
            <p id="file-error" className="mt-2">
              {error}
            </p>
          </div>
        ) : null}
        <div>
          <label htmlFor="file" className="block font-semibold">
            CSV file
          </label>
          <p id="file-hint" className="text-slate-700">
            Up to 5 MB. Nothing is added to the register until you have checked the list.
          </p>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={error ? "file-hint file-error" : "file-hint"}
            aria-invalid={error ? true : undefined}
            className="mt-1 block"
          />
        </div>
        <button
          type="submit"
          disabled={stage.name === "checking"}
          className="rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60"
        >
          {stage.name === "checking" ? "Checking the file…" : "Check the file"}
        </button>
        <p aria-live="polite" className="sr-only">
          {stage.name === "checking" ? "Checking the file" : ""}
        </p>
      </form>
    );
  }

  const { preview } = stage;
  const good = preview.rows.length;

  if (stage.name === "preview") {
    return (
      <section aria-labelledby="preview-heading" className="mt-6 max-w-3xl">
        <h2 id="preview-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-bold">
          Check the list before importing
        </h2>
        <p className="mt-2">
          {preview.fileName}: {plural(preview.totalRows, "row", "rows")}.
        </p>
        <ul className="mt-2 list-disc pl-6">
          <li>
            <strong>{plural(preview.toCreate, "new patient", "new patients")}</strong> will be added.
          </li>
          <li>{plural(preview.alreadyRegistered.length, "row is", "rows are")} already registered and will be skipped.</li>
          {preview.registeredOutsidePcn.length > 0 ? (
            <li>
              {plural(preview.registeredOutsidePcn.length, "row is", "rows are")} registered with a practice outside your PCN and will be skipped.
            </li>
          ) : null}
          <li>{plural(preview.invalidRows, "row has", "rows have")} problems and will not be imported.</li>
        </ul>
        {preview.previousImportAt ? (
          <p className="mt-3 border-l-4 border-nhs-warm-yellow bg-yellow-50 p-3">
            This same file was imported on{" "}
            {new Date(preview.previousImportAt).toLocaleDateString("en-GB", {
              day: "numeric",
              month: "long",
              year: "numeric",
              timeZone: "Europe/London",
            })}
            . Importing it again adds no one twice.
          </p>
        ) : null}
        {preview.problems.length > 0 ? (
          <section aria-labelledby="problems-heading" className="mt-6">
            <h3 id="problems-heading" className="text-xl font-bold">
              Rows with problems
            </h3>
            <p className="mt-1">Fix these in the spreadsheet and import it again if you want them added; the others are not affected.</p>
            <Capped items={preview.problems} render={(p) => <li key={`${p.message}`}>{p.message}</li>} />
          </section>
        ) : null}
        {preview.alreadyRegistered.length > 0 ? (
          <section aria-labelledby="registered-heading" className="mt-6">
            <h3 id="registered-heading" className="text-xl font-bold">
              Already registered
            </h3>
            <Capped
              items={preview.alreadyRegistered}
              render={(r) => (
                <li key={r.rowNumber}>
                  Row {r.rowNumber}: {r.name}, {r.nhsNumber}
                </li>
              )}
            />
          </section>
        ) : null}
        {preview.registeredOutsidePcn.length > 0 ? (
          <section aria-labelledby="outside-heading" className="mt-6">
            <h3 id="outside-heading" className="text-xl font-bold">
              Registered with a practice outside your PCN
            </h3>
            <p className="mt-1">
              These NHS numbers belong to people registered with a practice outside your PCN, so they cannot be added here. Check each number against
              your practice system; if it is right, the person needs to register with one of your practices first.
            </p>
            <Capped
              items={preview.registeredOutsidePcn}
              render={(r) => (
                <li key={r.rowNumber}>
                  Row {r.rowNumber}: {r.nhsNumber}
                </li>
              )}
            />
          </section>
        ) : null}
        <div className="mt-6 flex flex-wrap items-center gap-4">
          {good > 0 && preview.toCreate > 0 ? (
            <button
              type="button"
              onClick={() => runImport(preview, null)}
              className="rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800"
            >
              Import {plural(preview.toCreate, "patient", "patients")}
            </button>
          ) : (
            <p className="font-semibold">There is no one new to import from this file.</p>
          )}
          <button
            type="button"
            onClick={() => setStage({ name: "choose" })}
            className="rounded border-2 border-nhs-blue px-4 py-2 font-semibold text-nhs-blue"
          >
            Choose a different file
          </button>
        </div>
      </section>
    );
  }

  if (stage.name === "importing") {
    const done = stage.progress?.processed ?? 0;
    return (
      <section aria-labelledby="importing-heading" className="mt-6 max-w-2xl">
        <h2 id="importing-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-bold">
          {stage.error ? "The import stopped" : "Importing…"}
        </h2>
        <label htmlFor="import-progress" className="mt-3 block font-semibold">
          Progress
        </label>
        <progress id="import-progress" max={good} value={done} className="mt-1 h-4 w-full" />
        <p aria-live="polite" className="mt-2">
          Imported {n(done)} of {n(good)}
        </p>
        {stage.error ? (
          <div ref={errorRef} tabIndex={-1} role="alert" className="mt-4 border-4 border-nhs-red bg-white p-4">
            <p>{stage.error}</p>
            <p className="mt-2">Rows before this point are saved. Carry on to import the rest; no one is added twice.</p>
            <button
              type="button"
              onClick={() => runImport(preview, stage.progress)}
              className="mt-3 rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800"
            >
              Carry on importing
            </button>
          </div>
        ) : null}
      </section>
    );
  }

  const { progress } = stage;
  return (
    <section aria-labelledby="summary-heading" className="mt-6 max-w-2xl">
      <h2 id="summary-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-bold">
        Import finished
      </h2>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-semibold">New patients added</dt>
        <dd>{n(progress.created)}</dd>
        <dt className="font-semibold">Already registered (skipped)</dt>
        <dd>{n(progress.alreadyRegistered)}</dd>
        <dt className="font-semibold">Rows with problems (not imported)</dt>
        <dd>{n(progress.invalid)}</dd>
      </dl>
      {preview.problems.length > 0 ? (
        <details className="mt-4">
          <summary className="cursor-pointer font-semibold text-nhs-blue">Rows with problems</summary>
          <Capped items={preview.problems} render={(p) => <li key={p.message}>{p.message}</li>} />
        </details>
      ) : null}
      <div className="mt-6 flex flex-wrap gap-4">
        <Link href="/patients" className="font-semibold text-nhs-blue underline">
          Go to the patient register
        </Link>
        <button type="button" onClick={() => setStage({ name: "choose" })} className="text-nhs-blue underline">
          Import another list
        </button>
      </div>
    </section>
  );
}
