import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { formDataOf } from "./parse";

describe("formDataOf", () => {
  it("passes a form post's fields through", () => {
    const form = new FormData();
    form.set("q", "Teresa Jones");
    expect(formDataOf(form).get("q")).toBe("Teresa Jones");
  });

  it.each([undefined, null, "q=Teresa", 1, [], { q: "Teresa" }, { get: () => "x" }])(
    "refuses %j as bad input rather than failing inside the action",
    (input) => {
      const error = (() => {
        try {
          formDataOf(input);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "VALIDATION", message: "Send the form's fields" });
    },
  );
});
