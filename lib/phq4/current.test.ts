import { describe, expect, it } from "vitest";
import { CURRENT_PHQ4, currentPhq4, firstRecordedAt, PHQ4_NEWEST_FIRST } from "./current";

const at = (minute: number) => new Date(Date.UTC(2025, 2, 3, 9, minute));
const first = { id: "a", amendsId: null, recordedAt: at(0), total: 3 };
const second = { id: "b", amendsId: "a", recordedAt: at(10), total: 7 };
const third = { id: "c", amendsId: "b", recordedAt: at(20), total: 5 };

describe("the current PHQ-4", () => {
  it("is none when nothing was recorded", () => {
    expect(currentPhq4([])).toBeNull();
    expect(firstRecordedAt([])).toBeNull();
  });

  it("is the only one when it was never amended", () => {
    expect(currentPhq4([first])).toBe(first);
  });

  it("is the end of the amendment chain, whatever order the rows come in", () => {
    expect(currentPhq4([first, second, third])).toBe(third);
    expect(currentPhq4([third, first, second])).toBe(third);
    expect(currentPhq4([second, first])).toBe(second);
  });

  it("keeps when the first was recorded, though the total is the amendment's", () => {
    expect(firstRecordedAt([third, second, first])).toEqual(at(0));
  });

  it("agrees with the query fragments: not amended, newest first", () => {
    expect(CURRENT_PHQ4).toEqual({ amendedBy: null });
    expect(PHQ4_NEWEST_FIRST).toEqual({ recordedAt: "desc" });
    const rows = [first, second, third];
    const newestFirst = [...rows].sort((x, y) => y.recordedAt.getTime() - x.recordedAt.getTime());
    const notAmended = newestFirst.filter((r) => !rows.some((o) => o.amendsId === r.id));
    expect(notAmended[0]).toBe(currentPhq4(rows));
  });
});
