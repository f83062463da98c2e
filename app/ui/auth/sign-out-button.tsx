"use client";

// next-auth's client is loaded on click, not with every page: the button is in the header of every page, and the
// library is ~12 kB gzipped of first-load JavaScript that nothing else on most pages needs.
export function SignOutButton({ name }: { name: string }) {
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => (await import("next-auth/react")).signOut({ callbackUrl: "/" })}
      title={`Signed in as ${name}`}
    >
      Sign out
    </button>
  );
}
