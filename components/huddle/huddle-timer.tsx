"use client";

import { useEffect, useState } from "react";

type Share = { caseId: string; label: string; startSecond: number; seconds: number };

const mmss = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/**
 * The huddle's visible countdown and whose turn it is, ticking each second in
 * the browser. The page shows the same from the server without it.
 */
export function HuddleTimer({
  startsAt,
  durationMinutes,
  shares,
  elapsedAtRender,
}: {
  startsAt: string;
  durationMinutes: number;
  shares: Share[];
  /** Seconds since the start when the server drew the page (may be negative before it starts). */
  elapsedAtRender: number;
}) {
  const [elapsed, setElapsed] = useState(elapsedAtRender);
  useEffect(() => {
    // The server's reckoning at render, moved on by the browser's own clock, so a client clock that is off does not matter.
    const renderedAt = Date.now();
    const tick = () => setElapsed(elapsedAtRender + Math.floor((Date.now() - renderedAt) / 1000));
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [elapsedAtRender, startsAt]);
  const total = durationMinutes * 60;
  const current = elapsed >= 0 && elapsed < total ? shares.find((s) => elapsed >= s.startSecond && elapsed < s.startSecond + s.seconds) : undefined;
  return (
    <div className="mt-2 rounded border-2 border-nhs-blue bg-white p-3" data-testid="huddle-timer">
      <p role="timer" aria-label="Time left in the huddle" className="text-2xl font-bold tabular-nums">
        {elapsed < 0 ? `Starts in ${mmss(-elapsed)}` : elapsed >= total ? "Time is up" : `${mmss(total - elapsed)} left`}
      </p>
      {current ? (
        <p className="tabular-nums">
          Now: {current.label}, {mmss(current.startSecond + current.seconds - elapsed)} left of this case
        </p>
      ) : null}
    </div>
  );
}
