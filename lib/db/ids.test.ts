import { describe, expect, it } from "vitest";
import { uuidV7 } from "./ids";

describe("uuidV7", () => {
  it("is a version 7, RFC 9562 variant UUID carrying its time", () => {
    const at = Date.UTC(2026, 11, 2, 9, 30);
    const id = uuidV7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts by time and does not repeat", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => uuidV7(Date.UTC(2026, 0, 1) + i * 7));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => uuidV7(0))).size).toBe(1000);
  });
});
