// Accounts: create with an argon2id hash, verify without revealing whether an email exists.
import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { db } from "@/lib/db";
import { InvalidInputError, isUniqueViolation } from "./errors";

/** argon2id with the OWASP-recommended memory (19 MiB), 2 passes. */
const HASH_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
/** A real hash to verify against when the email is unknown, so both paths take the same time. */
let dummyHash: Promise<string> | undefined;

export interface UserDTO {
  id: string;
  email: string;
  name: string;
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

export async function createUser(input: { email: string; name: string; password: string }): Promise<UserDTO> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new InvalidInputError("An account with this email already exists. Sign in instead.", "email");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true, email: true, name: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvalidInputError("An account with this email already exists. Sign in instead.", "email");
    throw error;
  }
}

export async function verifyCredentials(email: string, password: string): Promise<UserDTO | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await verify(user.passwordHash, password).catch(() => false);
  return ok ? { id: user.id, email: user.email, name: user.name } : null;
}
