// Instructor pages load their data for the signed-in user through the shared error mapping (sign-in, or 404).
import "server-only";
import type { UserDTO } from "@/lib/dal/users";
import { requirePageUser } from "@/app/ui/auth/require-page-user";
import { orNotFound } from "@/app/ui/page-errors";

/** Load a page's data for the signed-in user; `path` is where sign-in should bring them back. */
export async function loadForInstructorPage<T>(path: string, load: (user: UserDTO) => Promise<T>): Promise<T> {
  const user = await requirePageUser(path);
  return orNotFound(load(user), path);
}
