// The signed-in user, checked against the database on every request: a signed-out session, a deleted account or an
// expired session loses access at once, on every app instance.
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";
import { fetchSessionUser } from "./sessions";
import type { UserDTO } from "./users";
import { UnauthenticatedError } from "./errors";

export const getCurrentUser = cache(async (): Promise<UserDTO | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  return userId && sessionId ? fetchSessionUser(sessionId, userId) : null;
});

export async function requireUser(): Promise<UserDTO> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}
