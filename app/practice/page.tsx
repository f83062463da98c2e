import type { Metadata } from "next";
import Link from "next/link";
import { PRESETS } from "@/lib/backprop";
import { activationsBadge, layersBadge, lossLabel } from "@/lib/practice/present";
import styles from "./practice.module.css";

export const metadata: Metadata = {
  title: "Practice",
  description: "Backpropagation practice problems: pick a network, get your own numbers, check each step.",
};

export default function PracticeIndexPage() {
  return (
    <>
      <header className={styles.intro}>
        <h1>Practice</h1>
        <p className="lead">
          Pick a network. You get your own numbers, check each step as you go, and can open a worked solution
          whenever you are stuck. No sign-in needed.
        </p>
      </header>
      <ul className={styles.grid} aria-label="Problem families">
        {PRESETS.map((preset) => (
          <li key={preset.name}>
            <Link href={`/practice/${preset.name}`} className={styles.card}>
              <span className={styles.cardHead}>
                <span className={styles.title}>{preset.title}</span>
                <span className={styles.arrow} aria-hidden="true">
                  →
                </span>
              </span>
              <span className={styles.badges}>
                <span className={styles.layers} title="Units per layer">
                  {layersBadge(preset.spec.layers)}
                </span>
                <span className={styles.badge}>{activationsBadge(preset.spec.activations)}</span>
                <span className={styles.badgeMuted}>{lossLabel(preset.spec.loss)}</span>
              </span>
              <span className={styles.description}>{preset.description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
