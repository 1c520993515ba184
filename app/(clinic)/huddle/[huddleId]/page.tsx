import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackLink } from "@/components/ui/page-header";
import { HuddlePage } from "@/components/huddle/huddle-page";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { getTodaysHuddle, type HuddleView } from "@/lib/services/huddles/get-todays-huddle";

export const metadata: Metadata = { title: "Referral huddle" };

/** One huddle of the PCN (one still to come, or one past), as its attendees see it. */
export default async function OneHuddlePage({ params }: { params: Promise<{ huddleId: string }> }) {
  const ctx = await requirePagePermission("huddle:view");
  const { huddleId } = await params;
  const now = new Date();
  let huddle: HuddleView | null;
  try {
    huddle = await getTodaysHuddle(ctx, { huddleId }, { now });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  if (!huddle) notFound();
  return (
    <>
      <BackLink href="/huddle">Back to today&apos;s huddle</BackLink>
      <HuddlePage actor={ctx.actor} huddle={huddle} today={londonToday(now)} now={now} />
    </>
  );
}
