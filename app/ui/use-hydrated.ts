"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** False during server rendering and before hydration: forms keep their submit buttons disabled until they work. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
