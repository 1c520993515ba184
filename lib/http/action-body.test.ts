import { describe, expect, it } from "vitest";
import { formActionProblem, MAX_ACTION_NESTING, textActionProblem } from "./action-body";

function nested(depth: number): string {
  let value = "0";
  for (let i = 0; i < depth; i++) value = i % 2 ? `[${value}]` : `{"a":${value}}`;
  return `[${value}]`;
}

describe("a server action body", () => {
  it("is accepted as React encodes arguments", () => {
    expect(textActionProblem("[]")).toBeNull();
    expect(textActionProblem('[{"name":"x","sessions":[{"kind":"GP"}]},"$$escaped"]')).toBeNull();
    expect(textActionProblem(nested(MAX_ACTION_NESTING - 2))).toBeNull();
  });

  it("is refused when it is not an argument list, or nested beyond reason", () => {
    expect(textActionProblem("")).toBe("empty");
    expect(textActionProblem("[{")).toBe("not JSON");
    expect(textActionProblem('{"a":1}')).toBe("not a list of arguments");
    expect(textActionProblem(nested(5000))).toBe(`nested more than ${MAX_ACTION_NESTING} deep`);
  });

  it("as text cannot point at parts only a form body has", () => {
    for (const reference of ["$Q0", "$@0", "$W1", "$K1", "$1", "$B2a"])
      expect(textActionProblem(JSON.stringify([reference]))).toBe("a reference to a part it does not have");
    // A person's dollar amounts arrive escaped; dates, undefined and big numbers are written inline.
    expect(textActionProblem(JSON.stringify(["$$1", "$D2026-01-01T00:00:00.000Z", "$undefined", "$n12", "$-0", "$T"]))).toBeNull();
  });

  it("as a form needs its root and JSON in its numbered fields", () => {
    const good = new FormData();
    good.set("0", '["$K1"]');
    good.set("1_name", "[{ not json, a form field");
    expect(formActionProblem(good)).toBeNull();
    expect(formActionProblem(new FormData())).toBe("a form without its arguments");
    const bad = new FormData();
    bad.set("0", "[{");
    expect(formActionProblem(bad)).toBe("not JSON");
    const deep = new FormData();
    deep.set("0", "[]");
    deep.set("2", nested(5000));
    expect(formActionProblem(deep)).toBe(`nested more than ${MAX_ACTION_NESTING} deep`);
  });
});
