// Pages turn data-layer errors into Next's not-found page or a sign-in redirect, in one place.
import "server-only";
import { notFound, redirect } from "next/navigation";
import { DomainError, UnauthenticatedError } from "@/lib/dal/errors";

/** Await a data-layer read; 403/404 become notFound() (ids don't leak), 401 a redirect to sign-in. */
export async function orNotFound<T>(read: Promise<T>, returnTo = "/dashboard"): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof UnauthenticatedError) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (error instanceof DomainError && (error.status === 403 || error.status === 404)) notFound();
    throw error;
  }
}
