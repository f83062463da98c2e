import Link from "next/link";
import { generateVariant } from "@/lib/backprop";
import { NetworkDiagram } from "@/app/ui/network-diagram";
import { getCurrentUser } from "@/lib/dal/session";

const FEATURES = [
  {
    title: "Every student, their own network",
    text: "Weights, inputs and targets are generated per student with hand-friendly numbers — and never a ReLU pre-activation near the kink.",
  },
  {
    title: "Names the mistake",
    text: "A wrong δ that forgot the ReLU derivative, a flipped sign, swapped indices, the wrong input unit: Chainrule says which, and why it matters.",
  },
  {
    title: "Credit where the method is right",
    text: "A later part computed correctly from your own wrong earlier answer is recognised as an error carried forward.",
  },
  {
    title: "Worked solutions with your numbers",
    text: "Forward pass, output error, back-propagation, gradient and update, typeset step by step — shown when the instructor's policy allows.",
  },
];

export default async function HomePage() {
  const user = await getCurrentUser().catch(() => null);
  const example = generateVariant("question-relu", 2019).instance;
  return (
    <>
      <section className="hero home-hero">
        <div>
          <h1>Practice backpropagation, step by step</h1>
          <p className="lead">
            Backpropagation exercises that check every step: generated per-student networks, fair grading, diagnosis of the
            classic mistakes, and a worked solution with your own numbers.
          </p>
          <p className="row">
            <Link href="/practice" className="btn btn-primary btn-large">
              Try a practice problem
            </Link>
            {user ? (
              <Link href="/dashboard" className="btn btn-secondary btn-large">
                Your courses
              </Link>
            ) : (
              <Link href="/signup" className="btn btn-secondary btn-large">
                Create an account
              </Link>
            )}
          </p>
        </div>
        <div className="home-figure">
          <NetworkDiagram instance={example} />
        </div>
      </section>
      <section className="home-features" aria-label="What Chainrule does">
        {FEATURES.map((f) => (
          <div key={f.title} className="card">
            <h2>{f.title}</h2>
            <p className="muted">{f.text}</p>
          </div>
        ))}
      </section>
      <section className="card">
        <h2>For instructors</h2>
        <p className="muted">
          Create a course, start from the ready-made set “Backprop through a ReLU network”, choose attempts, tolerance, late
          credit and when solutions show, preview any student’s variant with its answers, and publish. Students join with a
          code.
        </p>
      </section>
    </>
  );
}
