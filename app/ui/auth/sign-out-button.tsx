"use client";
import { signOut } from "next-auth/react";

export function SignOutButton({ name }: { name: string }) {
  return (
    <button type="button" className="link-button" onClick={() => signOut({ callbackUrl: "/" })} title={`Signed in as ${name}`}>
      Sign out
    </button>
  );
}
