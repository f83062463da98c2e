// The signed-in user, checked against the database on every request (a deleted account loses access at once).
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";
import { fetchUserById, type UserDTO } from "./users";
import { UnauthenticatedError } from "./errors";

export const getCurrentUser = cache(async (): Promise<UserDTO | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  return id ? fetchUserById(id) : null;
});

export async function requireUser(): Promise<UserDTO> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}
