import { describe, expect, it } from "vitest";
import { flowPosition, overLimitText, stageCounts, type FlowFacts } from "./index";

const at = (hhmm: string) => new Date(`2026-11-30T${hhmm}:00Z`);
const LIMIT = 30;

type Afternoon = FlowFacts["afternoon"][number];
const tt = (over: Partial<Afternoon> = {}): Afternoon => ({
  kind: "TALKING_THERAPIES",
  status: "BOOKED",
  slotStartsAt: at("13:00"),
  bookedAt: at("10:00"),
  startedAt: null,
  endedAt: null,
  ...over,
});
const gp = (over: Partial<Afternoon> = {}): Afternoon => ({
  kind: "GP",
  status: "BOOKED",
  slotStartsAt: at("13:40"),
  bookedAt: at("10:00"),
  startedAt: null,
  endedAt: null,
  ...over,
});

function facts(morning: Partial<NonNullable<FlowFacts["morning"]>> | null, rest: Partial<Omit<FlowFacts, "morning">> = {}): FlowFacts {
  return {
    morning: morning
      ? { status: "BOOKED", bookedAt: at("08:00"), checkedInAt: null, noShowAt: null, endedAt: null, cancelledAt: null, ...morning }
      : null,
    phq4At: null,
    afternoon: [],
    ...rest,
  };
}

const arrived = { status: "ARRIVED" as const, checkedInAt: at("09:05") };
const done = { status: "FULFILLED" as const, checkedInAt: at("09:05"), endedAt: at("10:00") };

describe("flowPosition", () => {
  it("booked, from when the booking was made", () => {
    expect(flowPosition(facts({}), at("09:00"), LIMIT)).toMatchObject({
      stage: "booked",
      since: at("08:00"),
      overLimit: false,
      waitingMinutes: null,
    });
  });

  it("arrived, timed from check-in, never over the limit", () => {
    expect(flowPosition(facts(arrived), at("11:00"), LIMIT)).toMatchObject({
      stage: "arrived",
      since: at("09:05"),
      minutesInStage: 115,
      overLimit: false,
    });
  });

  it("PHQ-4 done while the wrap-around goes on", () => {
    expect(flowPosition(facts(arrived, { phq4At: at("09:30"), afternoon: [tt(), gp()] }), at("09:40"), LIMIT)).toMatchObject({
      stage: "phq4-done",
      since: at("09:30"),
      minutesInStage: 10,
    });
  });

  it("wrap-around done without a PHQ-4 yet", () => {
    expect(flowPosition(facts(done), at("10:20"), LIMIT)).toMatchObject({ stage: "wrap-around-done", since: at("10:00"), minutesInStage: 20 });
  });

  it("waiting for Talking Therapies once the morning and PHQ-4 are done; the wait counts from the appointment time", () => {
    const f = facts(done, { phq4At: at("09:30"), afternoon: [gp(), tt()] });
    expect(flowPosition(f, at("12:00"), LIMIT)).toMatchObject({
      stage: "waiting-talking-therapies",
      since: at("10:00"),
      minutesInStage: 120,
      waitingMinutes: 0,
      overLimit: false,
    });
    expect(flowPosition(f, at("13:30"), LIMIT)).toMatchObject({ waitingMinutes: 30, overLimit: false });
    const over = flowPosition(f, at("13:42"), LIMIT);
    expect(over).toMatchObject({ waitingMinutes: 42, overLimit: true });
    expect(overLimitText(over, LIMIT)).toBe("Waiting 42 min, over 30");
  });

  it("with Talking Therapies from when they were called in", () => {
    const f = facts(done, { phq4At: at("09:30"), afternoon: [tt({ status: "ARRIVED", startedAt: at("13:05") }), gp()] });
    expect(flowPosition(f, at("14:30"), LIMIT)).toMatchObject({
      stage: "with-talking-therapies",
      since: at("13:05"),
      overLimit: false,
      waitingMinutes: null,
    });
  });

  it("waiting for the GP after Talking Therapies, from its end, counted past the GP time", () => {
    const f = facts(done, { phq4At: at("09:30"), afternoon: [tt({ status: "FULFILLED", startedAt: at("13:00"), endedAt: at("13:25") }), gp()] });
    expect(flowPosition(f, at("13:35"), LIMIT)).toMatchObject({ stage: "waiting-gp", since: at("13:25"), minutesInStage: 10, waitingMinutes: 0 });
    expect(flowPosition(f, at("14:15"), LIMIT)).toMatchObject({ waitingMinutes: 35, overLimit: true });
  });

  it("waiting for the GP only after a negative screen", () => {
    const f = facts(done, { phq4At: at("09:30"), afternoon: [gp({ slotStartsAt: at("13:30") })] });
    expect(flowPosition(f, at("14:01"), LIMIT)).toMatchObject({ stage: "waiting-gp", overLimit: true, waitingMinutes: 31 });
    expect(flowPosition(f, at("14:01"), 45)).toMatchObject({ overLimit: false });
  });

  it("with GP, then left", () => {
    const withGp = facts(done, { phq4At: at("09:30"), afternoon: [gp({ status: "ARRIVED", startedAt: at("13:45") })] });
    expect(flowPosition(withGp, at("14:00"), LIMIT)).toMatchObject({ stage: "with-gp", since: at("13:45") });
    const left = facts(done, { phq4At: at("09:30"), afternoon: [gp({ status: "FULFILLED", startedAt: at("13:45"), endedAt: at("14:05") })] });
    expect(flowPosition(left, at("15:00"), LIMIT)).toMatchObject({ stage: "left", since: at("14:05"), overLimit: false });
  });

  it("care plan done once the GP appointment has ended and the plan is final, whichever came first", () => {
    const ended = gp({ status: "FULFILLED", startedAt: at("13:45"), endedAt: at("14:05") });
    const finalAfter = facts(done, { phq4At: at("09:30"), afternoon: [ended], carePlanDoneAt: at("14:20") });
    expect(flowPosition(finalAfter, at("15:00"), LIMIT)).toMatchObject({ stage: "care-plan-done", since: at("14:20") });
    const finalDuring = facts(done, { phq4At: at("09:30"), afternoon: [ended], carePlanDoneAt: at("14:00") });
    expect(flowPosition(finalDuring, at("15:00"), LIMIT)).toMatchObject({ stage: "care-plan-done", since: at("14:05") });
    const stillWithGp = facts(done, {
      phq4At: at("09:30"),
      afternoon: [gp({ status: "ARRIVED", startedAt: at("13:45") })],
      carePlanDoneAt: at("14:00"),
    });
    expect(flowPosition(stillWithGp, at("14:10"), LIMIT)).toMatchObject({ stage: "with-gp" });
  });

  it("left after the morning when everything was waitlisted", () => {
    expect(flowPosition(facts(done, { phq4At: at("09:30") }), at("11:00"), LIMIT)).toMatchObject({ stage: "left", since: at("10:00") });
  });

  it("an afternoon started before the wrap-around was marked done still shows where the patient is", () => {
    const f = facts(arrived, { phq4At: at("09:30"), afternoon: [tt({ status: "ARRIVED", startedAt: at("13:02") }), gp()] });
    expect(flowPosition(f, at("13:10"), LIMIT)).toMatchObject({ stage: "with-talking-therapies" });
  });

  it("did not attend and cancelled", () => {
    expect(flowPosition(facts({ status: "NOSHOW", noShowAt: at("09:40") }), at("12:00"), LIMIT)).toMatchObject({
      stage: "dna",
      since: at("09:40"),
      overLimit: false,
    });
    expect(flowPosition(facts({ status: "CANCELLED", cancelledAt: at("07:00") }), at("12:00"), LIMIT)).toMatchObject({
      stage: "cancelled",
      since: at("07:00"),
    });
    expect(flowPosition(facts({ status: "ENTERED_IN_ERROR" }), at("12:00"), LIMIT)).toMatchObject({
      stage: "cancelled",
      since: null,
      minutesInStage: null,
    });
  });

  it("an afternoon-only patient is booked until called in", () => {
    expect(flowPosition(facts(null, { afternoon: [gp()] }), at("13:00"), LIMIT)).toMatchObject({ stage: "booked" });
    expect(flowPosition(facts(null, { afternoon: [gp({ status: "ARRIVED", startedAt: at("13:41") })] }), at("13:50"), LIMIT)).toMatchObject({
      stage: "with-gp",
    });
  });
});

describe("stageCounts", () => {
  it("counts each stage in board order, including empty ones", () => {
    const counts = stageCounts(["arrived", "arrived", "waiting-gp"]);
    expect(counts[0]).toEqual({ stage: "booked", label: "Booked", count: 0 });
    expect(counts.find((c) => c.stage === "arrived")?.count).toBe(2);
    expect(counts.find((c) => c.stage === "waiting-gp")).toEqual({ stage: "waiting-gp", label: "Waiting for GP", count: 1 });
    expect(counts).toHaveLength(15);
  });

  it("says nothing when the row is not over the limit", () => {
    expect(overLimitText({ overLimit: false, waitingMinutes: 10 }, LIMIT)).toBeNull();
  });
});

describe("flowPosition: an afternoon that did not happen", () => {
  const screened = { phq4At: at("09:30") };
  it("shows a patient who left before Talking Therapies, then waits for the GP if that still stands", () => {
    const left = tt({ status: "NOSHOW", noShowAt: at("13:20"), leftBeforeSeen: true });
    expect(flowPosition(facts(done, { ...screened, afternoon: [left] }), at("13:30"), LIMIT)).toMatchObject({
      stage: "left-before-seen",
      since: at("13:20"),
    });
    expect(flowPosition(facts(done, { ...screened, afternoon: [left, gp()] }), at("13:30"), LIMIT)).toMatchObject({ stage: "waiting-gp" });
  });

  it("shows a did-not-attend after the last thing seen", () => {
    const seen = tt({ status: "FULFILLED", startedAt: at("13:00"), endedAt: at("13:30") });
    const missed = gp({ status: "NOSHOW", noShowAt: at("14:10") });
    expect(flowPosition(facts(done, { ...screened, afternoon: [seen, missed] }), at("14:30"), LIMIT)).toMatchObject({
      stage: "afternoon-dna",
      since: at("14:10"),
    });
  });

  it("shows a patient waiting on the waitlist for everything as waitlisted, not as left", () => {
    expect(flowPosition(facts(done, { ...screened, waitlisted: true }), at("12:00"), LIMIT)).toMatchObject({ stage: "waitlisted" });
    const seen = gp({ status: "FULFILLED", startedAt: at("13:40"), endedAt: at("14:00") });
    expect(flowPosition(facts(done, { ...screened, afternoon: [seen], waitlisted: true }), at("14:30"), LIMIT)).toMatchObject({
      stage: "waitlisted",
    });
    expect(flowPosition(facts(done, { ...screened, afternoon: [seen] }), at("14:30"), LIMIT)).toMatchObject({ stage: "left" });
  });
});
