"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOut({ callbackUrl: "/login" })}
      className="rounded border border-white px-3 py-1 font-semibold text-white hover:bg-white hover:text-nhs-blue"
    >
      Sign out
    </button>
  );
}
