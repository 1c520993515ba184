import { z } from "zod";
import { isAnswerValue, PHQ4_ANSWERS_MESSAGE, PHQ4_ITEMS, phq4MissingAnswerMessage, type Phq4AnswerValue } from "./index";

/**
 * Validates the four answers (an array, in question order) and outputs a typed
 * tuple. Each item accepts an integer 0–3, or the same as a one-character string
 * ("0"–"3") because HTML form values arrive as strings. Empty strings, null,
 * decimals and out-of-range values are rejected with the per-question message,
 * with the issue path set to the question's index so forms can place it.
 * Deliberately not z.coerce: that would turn "" into 0 ("Not at all").
 */
export const phq4AnswersSchema = z
  .array(z.unknown(), { error: PHQ4_ANSWERS_MESSAGE })
  .max(4, { error: PHQ4_ANSWERS_MESSAGE })
  .transform((raw, ctx) => {
    const answers: Phq4AnswerValue[] = [];
    for (const item of PHQ4_ITEMS) {
      const index = item.number - 1;
      const value = raw[index];
      const parsed = typeof value === "string" && /^[0-3]$/.test(value) ? Number(value) : value;
      if (isAnswerValue(parsed)) {
        answers.push(parsed);
      } else {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: phq4MissingAnswerMessage(item.number),
        });
      }
    }
    const [q1, q2, q3, q4] = answers;
    if (q1 === undefined || q2 === undefined || q3 === undefined || q4 === undefined) {
      return z.NEVER; // issues were added above
    }
    return [q1, q2, q3, q4] as const;
  });

export type Phq4AnswersInput = z.input<typeof phq4AnswersSchema>;
export type Phq4AnswersOutput = z.output<typeof phq4AnswersSchema>;
