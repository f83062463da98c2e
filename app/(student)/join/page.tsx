import type { Metadata } from "next";
import { requirePageUser } from "@/app/ui/auth/require-page-user";
import { JoinCourseForm } from "@/app/ui/student/course-forms";

export const metadata: Metadata = { title: "Join a course" };

export default async function JoinPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const { code } = await searchParams;
  await requirePageUser(code ? `/join?code=${encodeURIComponent(code)}` : "/join");
  return (
    <div className="auth-page">
      <section className="card">
        <h1>Join a course</h1>
        <p className="muted">Enter the code your instructor gave you.</p>
        <JoinCourseForm initialCode={typeof code === "string" ? code.slice(0, 20) : ""} />
      </section>
    </div>
  );
}
