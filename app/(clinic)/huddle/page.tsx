import type { Metadata } from "next";
import Link from "next/link";
import { ukDate } from "@/components/dates";
import { HuddlePage } from "@/components/huddle/huddle-page";
import { requirePagePermission } from "@/lib/auth/guard";
import { londonToday } from "@/lib/schedule";
import { getTodaysHuddle } from "@/lib/services/huddles/get-todays-huddle";
import { listHuddles } from "@/lib/services/huddles/list-huddles";

export const metadata: Metadata = { title: "Referral huddle" };

/** Today's huddle of the PCN (a partner: when they are listed for it), and the huddles still to come. */
export default async function TodaysHuddlePage() {
  const ctx = await requirePagePermission("huddle:view");
  const now = new Date();
  const [huddle, { huddles }] = await Promise.all([getTodaysHuddle(ctx, {}, { now }), listHuddles(ctx, { now })]);
  const later = huddles.filter((h) => h.id !== huddle?.id);
  return (
    <>
      {huddle ? (
        <HuddlePage actor={ctx.actor} huddle={huddle} today={londonToday(now)} now={now} />
      ) : (
        <>
          <h1 className="text-3xl font-bold">Referral huddle</h1>
          <p className="mt-2">There is no huddle today{ctx.actor.roles.includes("MENTAL_HEALTH_PARTNER") ? " that you are listed for" : ""}.</p>
          <p className="mt-1">
            <Link href="/huddle/referrals" className="text-nhs-blue underline">
              Referrals from the huddle
            </Link>
          </p>
        </>
      )}
      <section aria-labelledby="later-heading" className="mt-8">
        <h2 id="later-heading" className="text-2xl font-bold">
          Huddles to come
        </h2>
        {later.length === 0 ? (
          <p className="mt-2">None scheduled yet.</p>
        ) : (
          <ul className="mt-2 list-disc pl-6">
            {later.map((h) => (
              <li key={h.id}>
                <Link href={`/huddle/${h.id}`} className="text-nhs-blue underline">
                  {ukDate(h.date, "EEEE d MMMM")} at {h.time}
                </Link>
                : {h.openCases} {h.openCases === 1 ? "case" : "cases"} so far
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
