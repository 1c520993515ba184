"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import type { FormFailure } from "@/components/forms/use-action-form";

/**
 * The one error summary, focused each time a new failure is shown so screen
 * readers and keyboards start at it.
 *
 * With a `heading` it is the GOV.UK pattern: "There is a problem", then a link
 * to each field in error (`#<field id>`, in page order), or the server's
 * message when no field is named. Without one it is the compact form for short
 * forms: the server's message, verbatim, with any further field messages.
 */
export function ErrorSummary({
  failure,
  heading,
  fieldId,
  order,
  fieldMessages = true,
  children,
}: {
  failure: FormFailure | null;
  /** The level of the "There is a problem" heading; leave out for the compact summary. */
  heading?: "h2" | "h3";
  /** The id of a field's control (its first one for a group), or null to leave the field out of the list. */
  fieldId?: (field: string) => string | null;
  /** Fields in page order (a path's first segment); the rest follow. */
  order?: readonly string[];
  /** The compact summary lists field messages after the message unless this is false. */
  fieldMessages?: boolean;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);
  if (!failure) return null;

  if (!heading) {
    const more = [...new Set(Object.values(fieldMessages ? (failure.fieldErrors ?? {}) : {}))].filter((m) => m !== failure.message);
    return (
      <div ref={ref} tabIndex={-1} role="alert" className="mt-4 border-l-4 border-nhs-red bg-red-50 p-3">
        <p className="font-semibold text-nhs-red">{failure.message}</p>
        {more.length > 0 ? (
          <ul className="mt-1 list-disc pl-5 text-nhs-red">
            {more.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
        {children}
      </div>
    );
  }

  const Heading = heading;
  const listed = listedErrors(failure.fieldErrors ?? {}, fieldId, order);
  const showMessage = listed.length === 0 || (failure.code !== undefined && failure.code !== "VALIDATION");
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby={titleId} className="border-4 border-nhs-red bg-white p-4">
      <Heading id={titleId} className={heading === "h2" ? "text-xl font-bold" : "text-lg font-bold"}>
        There is a problem
      </Heading>
      {showMessage ? <p className="mt-2">{failure.message}</p> : null}
      {children}
      {listed.length > 0 ? (
        <ul className="mt-2 list-disc pl-6">
          {listed.map(([name, message, target]) => (
            <li key={name}>
              <a href={`#${target}`} className="font-semibold text-nhs-red underline">
                {message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function listedErrors(
  errors: Record<string, string>,
  fieldId: ((field: string) => string | null) | undefined,
  order: readonly string[] | undefined,
): Array<[string, string, string]> {
  const rank = (field: string) => {
    const i = order ? order.indexOf(field.split(".")[0]) : -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const entries = Object.entries(errors).flatMap(([name, message]): Array<[string, string, string]> => {
    const target = fieldId ? fieldId(name) : name;
    return target ? [[name, message, target]] : [];
  });
  return order ? entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)) : entries;
}
