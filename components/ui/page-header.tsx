import Link from "next/link";
import type { ReactNode } from "react";

/** A page's way back and its heading: the link above the one `h1`. */
export function PageHeader({
  back,
  backLabel,
  title,
  backClassName,
}: {
  back: string;
  backLabel: ReactNode;
  title: ReactNode;
  backClassName?: string;
}) {
  return (
    <>
      <BackLink href={back} className={backClassName}>
        {backLabel}
      </BackLink>
      <h1 className="mt-2 text-3xl font-bold">{title}</h1>
    </>
  );
}

/** The link back to the page a page is reached from. */
export function BackLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <p className={className}>
      <Link href={href} className="text-nhs-blue underline">
        {children}
      </Link>
    </p>
  );
}
