import Link from "next/link";

export default function HomePage() {
  return (
    <section className="hero">
      <h1>Practice backpropagation, step by step</h1>
      <p className="lead">
        Backpropagation exercises that check every step: generated per-student networks, fair grading,
        diagnosis of the classic mistakes, and a worked solution with your own numbers.
      </p>
      <p>
        <Link href="/practice" className="btn btn-primary btn-large">
          Try a practice problem
        </Link>
      </p>
    </section>
  );
}
