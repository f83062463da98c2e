import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/dal/session";
import { SignInForm, safeCallback } from "@/app/ui/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await getCurrentUser()) redirect(safeCallback(callbackUrl));
  return (
    <div className="auth-page">
      <SignInForm callbackUrl={callbackUrl} />
    </div>
  );
}
