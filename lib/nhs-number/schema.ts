import { z } from "zod";
import { NHS_NUMBER_FORMAT_MESSAGE, parseNhsNumber } from "./index";

/**
 * Form/API schema: `parseNhsNumber` as a zod field, outputting the bare
 * 10-digit string. Each problem has its own message, because the fix for each
 * is different.
 */
export const nhsNumberSchema = z.string({ error: NHS_NUMBER_FORMAT_MESSAGE }).transform((value, ctx) => {
  const parsed = parseNhsNumber(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }
  return parsed.nhsNumber;
});
