/** The signed-in member of staff's sessions for today as a calendar file (/api/me/day.ics). */
export function MyDayCalendarLink() {
  return (
    <p className="mt-2">
      <a href="/api/me/day.ics" className="text-nhs-blue underline">
        Download your sessions for today as a calendar file (.ics)
      </a>
    </p>
  );
}
