"use client";
import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** A date in the reader's own time zone; the server renders UTC until the browser takes over. */
export function LocalTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const text = useSyncExternalStore(
    noop,
    () => date.toLocaleString(undefined, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }),
    () => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  );
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
