import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./field-errors";
import { instrumentVersionFormSchema, recordTherapyContactSchema, therapyContactFormValues } from "./outcomes";

const ID = "0190a4d4-7d5e-7b3c-8c1a-2f4e5d6c7b8a";

function form(entries: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
}

describe("the Record a session form", () => {
  it("reads each measure's answers by item, null where unanswered", () => {
    const values = therapyContactFormValues(
      form({
        referralId: ID,
        date: "2026-11-30",
        kind: "TREATMENT",
        attendance: "ATTENDED",
        "phq9.items": "3",
        "phq9.instrumentVersionId": ID,
        "phq9.answer.1": "2",
        "phq9.answer.3": "0",
        "phq9.completedBy": "PATIENT",
        "phq9.riskResponse": "",
        "gad7.items": "2",
        "gad7.instrumentVersionId": ID,
        "gad7.completedBy": "PATIENT",
      }),
    );
    expect(values.phq9?.answers).toEqual([2, null, 0]);
    expect(values.gad7?.answers).toEqual([null, null]);
    expect(recordTherapyContactSchema.safeParse(values).success).toBe(true);
  });

  it("leaves out measures not answered when the patient did not attend, and keeps answered ones so they are refused", () => {
    const base = { referralId: ID, date: "2026-11-30", kind: "TREATMENT", attendance: "DID_NOT_ATTEND", "phq9.items": "2", "gad7.items": "2" };
    const dna = therapyContactFormValues(form({ ...base, "phq9.completedBy": "PATIENT" }));
    expect(dna.phq9).toBeUndefined();
    expect(recordTherapyContactSchema.safeParse(dna).success).toBe(true);
    const answered = therapyContactFormValues(form({ ...base, "phq9.answer.1": "1" }));
    const result = recordTherapyContactSchema.safeParse(answered);
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!).phq9).toContain("only at an attended session");
  });
});

describe("the instrument version form", () => {
  const good = {
    code: "gad7-ld",
    version: "2",
    name: "GAD-7 easy read",
    mapsTo: "GAD7",
    validatedForOutcomes: "on",
    source: "Service's own adaptation",
    stem: "In the last 2 weeks",
    items: "1\n2\n3\n4\n5\n6\n7",
    options: "0 = Never\n1 = Sometimes\n2 = Often\n3 = Always",
    bands: "0-4 = Minimal\n5-9 = Mild\n10-14 = Moderate\n15-21 = Severe",
    maxTotal: "21",
    caseness: "8",
  };

  it("turns the typed lines into a version", () => {
    const v = instrumentVersionFormSchema.parse(good);
    expect(v).toMatchObject({ code: "GAD7-LD", version: 2, mapsTo: "GAD7", validatedForOutcomes: true, maxTotal: 21, caseness: 8 });
    expect(v.items).toHaveLength(7);
  });

  it("names the field of each problem", () => {
    const errors = (input: Record<string, string>) => {
      const r = instrumentVersionFormSchema.safeParse(input);
      return r.success ? {} : fieldErrorsOf(r.error);
    };
    expect(errors({ ...good, maxTotal: "" })).toEqual({ maxTotal: "Enter the highest total" });
    expect(errors({ ...good, caseness: "10" }).caseness).toContain("8");
    expect(errors({ ...good, bands: "0-4 = Minimal\n6-21 = More" }).bands).toContain("without gaps");
    expect(errors({ ...good, validatedForOutcomes: "", mapsTo: "", caseness: "" })).toEqual({});
    expect(errors({ ...good, mapsTo: "" }).mapsTo).toContain("which standard measure");
  });
});
