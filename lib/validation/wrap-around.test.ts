import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./common";
import { wrapAroundCheckSchema } from "./wrap-around";

const appointmentId = "0194f5d2-7a7e-7c3b-9d55-8a1b2c3d4e5f";

function errors(input: Record<string, unknown>) {
  const parsed = wrapAroundCheckSchema.safeParse({ appointmentId, ...input });
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("wrapAroundCheckSchema", () => {
  it("accepts form strings, turning blanks into not given", () => {
    const parsed = wrapAroundCheckSchema.parse({
      appointmentId,
      systolic: "200",
      diastolic: " 95 ",
      pulse: "",
      weightKg: "82.5",
      heightCm: "170",
      bloodsTaken: true,
      footCheck: "  ",
      notes: "Brought medicines list",
    });
    expect(parsed).toEqual({
      appointmentId,
      systolic: 200,
      diastolic: 95,
      pulse: undefined,
      weightKg: 82.5,
      heightCm: 170,
      bloodsTaken: true,
      footCheck: undefined,
      spirometry: undefined,
      inhalerCheck: undefined,
      otherTests: undefined,
      notes: "Brought medicines list",
    });
  });

  it.each([
    ["systolic", 59, 60, 260, 261, "Systolic blood pressure must be between 60 and 260 mmHg"],
    ["diastolic", 29, 30, 159, 161, "Diastolic blood pressure must be between 30 and 160 mmHg"],
    ["pulse", 24, 25, 250, 251, "Pulse must be between 25 and 250 beats per minute"],
    ["weightKg", 19.9, 20, 350, 350.1, "Weight must be between 20 and 350 kg"],
    ["heightCm", 99.9, 100, 230, 230.1, "Height must be between 100 and 230 cm"],
  ] as const)("%s: refuses %s, accepts %s to %s, refuses %s", (field, below, low, high, above, message) => {
    // A full, consistent reading besides the field under test, so only its range is in question.
    const base = { systolic: 260, diastolic: 40, pulse: 70 };
    expect(errors({ ...base, [field]: below })[field]).toBe(message);
    expect(errors({ ...base, [field]: low })[field]).toBeUndefined();
    expect(errors({ ...base, [field]: high })[field]).toBeUndefined();
    expect(errors({ ...base, [field]: above })[field]).toBe(message);
  });

  it("names a systolic of 300 plainly", () => {
    expect(errors({ systolic: "300", diastolic: "95" })).toEqual({ systolic: "Systolic blood pressure must be between 60 and 260 mmHg" });
  });

  it("wants numbers, whole ones for blood pressure and pulse and one decimal place for weight and height", () => {
    expect(errors({ pulse: "seventy" }).pulse).toBe("Enter the pulse as a number of beats per minute");
    expect(errors({ systolic: "120.5", diastolic: "80" }).systolic).toBe("Enter the systolic blood pressure as a whole number of mmHg");
    expect(errors({ weightKg: "82.55" }).weightKg).toBe("Enter the weight to one decimal place, for example 82.5");
    expect(errors({ heightCm: "170.25" }).heightCm).toBe("Enter the height to one decimal place, for example 170.5");
  });

  it("wants the diastolic below the systolic, and both or neither", () => {
    expect(errors({ systolic: 90, diastolic: 95 }).diastolic).toBe(
      "The diastolic blood pressure must be lower than the systolic: check the two are not swapped",
    );
    expect(errors({ systolic: 95, diastolic: 95 }).diastolic).toMatch(/lower than the systolic/);
    expect(errors({ systolic: 120 }).diastolic).toBe("Enter the diastolic blood pressure as well as the systolic");
    expect(errors({ diastolic: 80 }).systolic).toBe("Enter the systolic blood pressure as well as the diastolic");
  });

  it("allows every optional field blank but not a form with nothing in it", () => {
    expect(errors({ weightKg: "70" })).toEqual({});
    expect(errors({ bloodsTaken: true })).toEqual({});
    expect(errors({ notes: "Declined all checks today" })).toEqual({});
    expect(errors({ systolic: "", diastolic: "", notes: "" })).toEqual({ _form: "Enter at least one measurement or result before saving" });
  });

  it("limits free text to 1000 characters", () => {
    expect(errors({ notes: "x".repeat(1000) })).toEqual({});
    expect(errors({ otherTests: "x".repeat(1001) }).otherTests).toBe("Other tests must be 1000 characters or fewer");
  });
});
