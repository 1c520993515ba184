import Link from "next/link";
import type { Role } from "@/lib/db/generated/enums";
import { hasPermission, ROLE_HOME, ROLE_LABELS, type Permission } from "@/lib/auth/permissions";
import { SignOutButton } from "./sign-out-button";

const NAV_ORDER: Role[] = ["RECEPTION", "HEALTH_BUDDY", "THERAPIST", "GP", "CLINIC_LEAD"];

/** Screens shared by several roles, shown to whoever has the permission. */
const SHARED_LINKS: Array<{ href: string; label: string; permission: Permission }> = [
  { href: "/clinic-days", label: "Clinic days", permission: "clinic-day:view" },
  { href: "/patients", label: "Patients", permission: "patient:view" },
  { href: "/huddle", label: "Huddle", permission: "huddle:view" },
  { href: "/lead/templates", label: "Templates", permission: "template:manage" },
  { href: "/reports", label: "Reports", permission: "report:view" },
  { href: "/lead/audit", label: "Audit trail", permission: "audit:view" },
  { href: "/lead/caseload", label: "Caseloads", permission: "caseload:oversee" },
  { href: "/lead/staff", label: "Staff", permission: "staff:manage" },
  { href: "/lead/reminders", label: "Reminders", permission: "reminder:view" },
  { href: "/lead/instruments", label: "Questionnaires", permission: "instrument:manage" },
];

export function SiteHeader({ name, roles }: { name: string; roles: Role[] }) {
  return (
    <header className="no-print bg-nhs-blue text-white">
      <a href="#main" className="skip-link bg-nhs-warm-yellow px-3 py-2 text-black">
        Skip to main content
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="text-xl font-bold text-white">
          Clinic Day
        </Link>
        <nav aria-label="Your work">
          <ul className="flex flex-wrap gap-4">
            {NAV_ORDER.filter((role) => roles.includes(role)).map((role) => (
              <li key={role}>
                <Link href={ROLE_HOME[role]} className="font-semibold text-white underline-offset-4 hover:underline">
                  {ROLE_LABELS[role]}
                </Link>
              </li>
            ))}
            {SHARED_LINKS.filter((link) => hasPermission(roles, link.permission)).map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="text-white underline-offset-4 hover:underline">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex items-center gap-3">
          <Link href="/account" className="text-white underline-offset-4 hover:underline">
            <span className="sr-only">Signed in as </span>
            {name}
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
