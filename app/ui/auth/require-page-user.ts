// For pages: the signed-in user, or a redirect to sign-in that comes back here.
import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/dal/session";
import type { UserDTO } from "@/lib/dal/users";

export async function requirePageUser(returnTo: string): Promise<UserDTO> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
