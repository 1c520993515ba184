"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass, RadioOptions } from "@/components/forms/field";
import { useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import type { HuddleDestination, MentalHealthService } from "@/lib/db/generated/enums";
import { HUDDLE_DESTINATION_LABELS, HUDDLE_DESTINATIONS, serviceOf } from "@/lib/huddle/services";
import { REFERRAL_PATHWAY_LABELS, REFERRAL_PATHWAYS, type ReferralPathway } from "@/lib/triage";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadDecideCaseSchema: SchemaLoader = () => import("@/lib/validation/huddles").then((m) => m.decideCaseSchema);

export type Acceptor = { staffId: string; name: string; therapist: boolean; partnerService: MentalHealthService | null };

const FIELD_ORDER = ["destination", "pathway", "acceptedById", "serviceName", "whatIsNeeded", "acceptBy", "reason"] as const;

/**
 * The one decision on a case at the huddle, with its reason and what its
 * destination needs: Talking Therapies its step or pathway and who accepted;
 * another named service its name; a deferral what is needed first. A mental
 * health partner is offered only their own service.
 */
export function DecisionForm({
  caseId,
  patientName,
  acceptors,
  onlyService,
  action,
}: {
  caseId: string;
  patientName: string;
  /** Those at the huddle who may accept for a service (not ticked absent). */
  acceptors: Acceptor[];
  /** A mental health partner's own service: the only destination offered. */
  onlyService: MentalHealthService | null;
  action: (input: unknown) => Promise<ActionResult<{ decisionId: string }>>;
}) {
  const router = useRouter();
  const [destination, setDestination] = useState<HuddleDestination | "">("");
  const [pathway, setPathway] = useState<ReferralPathway | "">("");
  const [acceptedById, setAcceptedById] = useState("");
  const [serviceName, setServiceName] = useState("");
  const [whatIsNeeded, setWhatIsNeeded] = useState("");
  const [acceptBy, setAcceptBy] = useState("");
  const [reason, setReason] = useState("");
  const { pending, failure, errors, check, run } = useActionForm();
  const id = (field: string) => `decide-${caseId}-${field}`;
  const field = fieldErrors(errors, id);

  const destinations = onlyService ? HUDDLE_DESTINATIONS.filter((d) => serviceOf(d) === onlyService) : HUDDLE_DESTINATIONS;
  const service = destination ? serviceOf(destination) : null;
  const isTt = destination === "TALKING_THERAPIES";
  const isReferral = isTt || service !== null;
  const whoMayAccept = acceptors.filter((a) => (isTt ? a.therapist : service !== null && a.partnerService === service));

  function choose(d: HuddleDestination) {
    setDestination(d);
    setAcceptedById("");
    if (d !== "TALKING_THERAPIES") setPathway("");
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = {
      caseId,
      destination: destination || undefined,
      reason,
      pathway: isTt && pathway ? pathway : undefined,
      acceptedById: isReferral && acceptedById ? acceptedById : undefined,
      serviceName: destination === "OTHER_SERVICE" ? serviceName : undefined,
      whatIsNeeded: destination === "DEFERRED" ? whatIsNeeded : undefined,
      acceptBy: isReferral && !isTt && acceptBy ? acceptBy : undefined,
    };
    if (!(await check(loadDecideCaseSchema, payload))) return;
    run(
      () => action(payload),
      () => router.refresh(),
    );
  }

  const radioId = (name: string, value: string) => `${id(name)}-${value}`;
  const fieldId = (f: string) => {
    if (f === "destination") return radioId("destination", destinations[0]);
    if (f === "pathway") return radioId("pathway", REFERRAL_PATHWAYS[0]);
    return (FIELD_ORDER as readonly string[]).includes(f) ? id(f) : null;
  };

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3 border-t border-slate-300 pt-3">
      <ErrorSummary failure={failure} heading="h3" fieldId={fieldId} order={FIELD_ORDER} />
      <fieldset aria-describedby={errors.destination ? id("destination-error") : undefined}>
        <legend className="font-semibold">
          Decision<span className="sr-only"> for {patientName}</span>
        </legend>
        {field.error("destination")}
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          <RadioOptions
            options={destinations}
            labels={HUDDLE_DESTINATION_LABELS}
            name={id("destination")}
            idOf={(d) => radioId("destination", d)}
            value={destination}
            onChange={choose}
          />
        </div>
      </fieldset>

      {isTt ? (
        <fieldset aria-describedby={errors.pathway ? id("pathway-error") : undefined}>
          <legend className="font-semibold">Step or pathway</legend>
          {field.error("pathway")}
          <div className="mt-1 flex flex-wrap gap-4">
            <RadioOptions
              options={REFERRAL_PATHWAYS}
              labels={REFERRAL_PATHWAY_LABELS}
              name={id("pathway")}
              idOf={(p) => radioId("pathway", p)}
              value={pathway}
              onChange={setPathway}
            />
          </div>
        </fieldset>
      ) : null}

      {isReferral ? (
        <div>
          <label htmlFor={id("acceptedById")} className="block font-semibold">
            {isTt ? "Who accepted for Talking Therapies" : "Who accepted for the service (leave blank if nobody has yet)"}
          </label>
          {field.error("acceptedById")}
          <select
            id={id("acceptedById")}
            value={acceptedById}
            onChange={(e) => setAcceptedById(e.target.value)}
            {...field.aria("acceptedById")}
            className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
          >
            <option value="">{isTt ? "Choose…" : "Not accepted yet"}</option>
            {whoMayAccept.map((a) => (
              <option key={a.staffId} value={a.staffId}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      {destination === "OTHER_SERVICE" ? (
        <div>
          <label htmlFor={id("serviceName")} className="block font-semibold">
            Name of the service
          </label>
          {field.error("serviceName")}
          <input
            id={id("serviceName")}
            value={serviceName}
            onChange={(e) => setServiceName(e.target.value)}
            {...field.aria("serviceName")}
            className={inputClass(field.invalid("serviceName"))}
          />
        </div>
      ) : null}

      {isReferral && !isTt ? (
        <div>
          <label htmlFor={id("acceptBy")} className="block font-semibold">
            Accept by (optional)
          </label>
          <p id={id("acceptBy-hint")} className="text-slate-700">
            A week after the huddle unless you set another date. The GP who brought the case follows it until it is accepted.
          </p>
          {field.error("acceptBy")}
          <input
            id={id("acceptBy")}
            type="date"
            value={acceptBy}
            onChange={(e) => setAcceptBy(e.target.value)}
            {...field.aria("acceptBy", id("acceptBy-hint"))}
            className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
      ) : null}

      {destination === "DEFERRED" ? (
        <div>
          <label htmlFor={id("whatIsNeeded")} className="block font-semibold">
            What is needed before the next huddle
          </label>
          {field.error("whatIsNeeded")}
          <textarea
            id={id("whatIsNeeded")}
            rows={2}
            value={whatIsNeeded}
            onChange={(e) => setWhatIsNeeded(e.target.value)}
            {...field.aria("whatIsNeeded")}
            className={inputClass(field.invalid("whatIsNeeded"))}
          />
        </div>
      ) : null}

      <div>
        <label htmlFor={id("reason")} className="block font-semibold">
          Reason<span className="sr-only"> for the decision on {patientName}</span>
        </label>
        {field.error("reason")}
        <textarea
          id={id("reason")}
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          {...field.aria("reason")}
          className={inputClass(field.invalid("reason"))}
        />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Record the decision"}
        <span className="sr-only"> on {patientName}</span>
      </button>
    </form>
  );
}
