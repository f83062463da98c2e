// The one place an instructor page maps the data layer's errors: not signed in → sign-in, not theirs → 404.
import "server-only";
import { notFound } from "next/navigation";
import { DomainError } from "@/lib/dal/errors";
import type { UserDTO } from "@/lib/dal/users";
import { requirePageUser } from "@/app/ui/auth/require-page-user";

/** Load a page's data for the signed-in user; `path` is where sign-in should bring them back. */
export async function loadForInstructorPage<T>(path: string, load: (user: UserDTO) => Promise<T>): Promise<T> {
  const user = await requirePageUser(path);
  try {
    return await load(user);
  } catch (error) {
    // 403 as 404 too: an instructor page of someone else's course should not reveal that it exists
    if (error instanceof DomainError && (error.status === 404 || error.status === 403)) notFound();
    throw error;
  }
}
