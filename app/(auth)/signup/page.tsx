import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/dal/session";
import { SignUpForm } from "@/app/ui/auth/sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await getCurrentUser()) redirect("/dashboard");
  return (
    <div className="auth-page">
      <SignUpForm callbackUrl={callbackUrl} />
    </div>
  );
}
