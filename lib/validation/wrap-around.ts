/** The wrap-around checks form's schema, shared by the form and the action. */
import { z } from "zod";
import { WRAP_AROUND_LABELS } from "@/lib/wrap-around/labels";
import { optionalText, uuidSchema } from "./common";

const MAX_TEXT = 1000;

/**
 * Plausible ranges, wide enough for any patient who could be sitting in the
 * clinic and narrow enough to catch a slipped digit (300 for 130, 8.25 kg for
 * 82.5). A reading outside them is a typing mistake far more often than a
 * real value, so the form asks for it again rather than storing it.
 */
function measurement(name: string, unit: string, min: number, max: number, decimals: 0 | 1, example = "") {
  const range = `${name} must be between ${min} and ${max} ${unit}`;
  return z.preprocess(
    (v) => {
      if (v === null || v === undefined) return undefined;
      if (typeof v === "string") return v.trim() === "" ? undefined : Number(v.trim());
      return v;
    },
    z
      .number({ error: `Enter the ${name.toLowerCase()} as a number of ${unit}` })
      .refine((n) => Number.isFinite(n), `Enter the ${name.toLowerCase()} as a number of ${unit}`)
      // The range first: for a slipped digit (8.25 for 82.5) it is the more useful message.
      .min(min, range)
      .max(max, range)
      .refine(
        (n) => Math.abs(Math.round(n * 10 ** decimals) - n * 10 ** decimals) < 1e-6,
        decimals === 0
          ? `Enter the ${name.toLowerCase()} as a whole number of ${unit}`
          : `Enter the ${name.toLowerCase()} to one decimal place, for example ${example}`,
      )
      .optional(),
  );
}

const checkbox = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const wrapAroundCheckSchema = z
  .object({
    appointmentId: uuidSchema,
    systolic: measurement("Systolic blood pressure", "mmHg", 60, 260, 0),
    diastolic: measurement("Diastolic blood pressure", "mmHg", 30, 160, 0),
    pulse: measurement("Pulse", "beats per minute", 25, 250, 0),
    weightKg: measurement("Weight", "kg", 20, 350, 1, "82.5"),
    heightCm: measurement("Height", "cm", 100, 230, 1, "170.5"),
    bloodsTaken: checkbox,
    footCheck: optionalText(MAX_TEXT, WRAP_AROUND_LABELS.footCheck),
    spirometry: optionalText(MAX_TEXT, WRAP_AROUND_LABELS.spirometry),
    inhalerCheck: optionalText(MAX_TEXT, WRAP_AROUND_LABELS.inhalerCheck),
    otherTests: optionalText(MAX_TEXT, WRAP_AROUND_LABELS.otherTests),
    notes: optionalText(MAX_TEXT, WRAP_AROUND_LABELS.notes),
  })
  .superRefine((v, ctx) => {
    // A blood pressure is a pair; half of one cannot be read.
    if (v.systolic !== undefined && v.diastolic === undefined) {
      ctx.addIssue({ code: "custom", path: ["diastolic"], message: "Enter the diastolic blood pressure as well as the systolic" });
    }
    if (v.diastolic !== undefined && v.systolic === undefined) {
      ctx.addIssue({ code: "custom", path: ["systolic"], message: "Enter the systolic blood pressure as well as the diastolic" });
    }
    if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
      ctx.addIssue({
        code: "custom",
        path: ["diastolic"],
        message: "The diastolic blood pressure must be lower than the systolic: check the two are not swapped",
      });
    }
    const recorded =
      v.systolic !== undefined ||
      v.pulse !== undefined ||
      v.weightKg !== undefined ||
      v.heightCm !== undefined ||
      v.bloodsTaken ||
      [v.footCheck, v.spirometry, v.inhalerCheck, v.otherTests, v.notes].some(Boolean);
    if (!recorded && v.diastolic === undefined) {
      ctx.addIssue({ code: "custom", path: ["_form"], message: "Enter at least one measurement or result before saving" });
    }
  });

export type WrapAroundCheckInput = z.input<typeof wrapAroundCheckSchema>;
export type WrapAroundCheck = z.output<typeof wrapAroundCheckSchema>;
