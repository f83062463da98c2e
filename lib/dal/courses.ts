// Courses and memberships. Every read and write checks the caller's role in the course.
import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, isUniqueViolation } from "./errors";
import type { UserDTO } from "./users";

export type Role = "instructor" | "student";

export interface CourseDTO {
  id: string;
  title: string;
  role: Role;
  /** only instructors see the join code */
  joinCode?: string;
}

/** Unambiguous characters only (no 0/O, 1/I/L), so a code read aloud or off a slide is typed right. */
const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const JOIN_CODE_LENGTH = 7;

export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** The caller's role in a course, or NotFound (also for courses they are not in: ids don't leak). */
export async function requireMembership(user: UserDTO, courseId: string, role?: Role): Promise<Role> {
  const membership = await db.membership.findUnique({ where: { userId_courseId: { userId: user.id, courseId } }, select: { role: true } });
  return checkMembership(membership?.role ?? null, role);
}

/** The caller's role in a course as read (null: not a member), checked: a non-member gets 404, a student 403 where an instructor is needed. */
export function checkMembership(actual: string | null, required?: Role): Role {
  if (!actual) throw new NotFoundError("That course");
  if (required === "instructor" && actual !== "instructor") throw new ForbiddenError("Only the course's instructors can do that.");
  return actual as Role;
}

export async function fetchMyCourses(user: UserDTO): Promise<CourseDTO[]> {
  const memberships = await db.membership.findMany({
    where: { userId: user.id },
    select: { role: true, course: { select: { id: true, title: true, joinCode: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map(({ role, course }) => ({
    id: course.id,
    title: course.title,
    role: role as Role,
    ...(role === "instructor" ? { joinCode: course.joinCode } : {}),
  }));
}

export async function fetchCourse(user: UserDTO, courseId: string): Promise<CourseDTO> {
  const role = await requireMembership(user, courseId);
  const course = await db.course.findUnique({ where: { id: courseId }, select: { id: true, title: true, joinCode: true } });
  if (!course) throw new NotFoundError("That course");
  return { id: course.id, title: course.title, role, ...(role === "instructor" ? { joinCode: course.joinCode } : {}) };
}

export async function createCourse(user: UserDTO, title: string): Promise<CourseDTO> {
  for (let tries = 0; tries < 5; tries++) {
    try {
      const course = await db.course.create({
        data: { title, joinCode: newJoinCode(), memberships: { create: { userId: user.id, role: "instructor" } } },
        select: { id: true, title: true, joinCode: true },
      });
      return { ...course, role: "instructor" };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // join code collision: draw again
    }
  }
  throw new ConflictError("Could not create a unique join code; please try again.");
}

/** Join with a code; joining twice is harmless and keeps the existing role. */
export async function joinCourse(user: UserDTO, joinCode: string): Promise<CourseDTO> {
  const code = joinCode.trim().toUpperCase();
  const course = await db.course.findUnique({ where: { joinCode: code }, select: { id: true, title: true } });
  if (!course) throw new InvalidInputError("No course has that join code. Check it with your instructor.", "joinCode");
  const membership = await db.membership.upsert({
    where: { userId_courseId: { userId: user.id, courseId: course.id } },
    create: { userId: user.id, courseId: course.id, role: "student" },
    update: {},
    select: { role: true },
  });
  return { id: course.id, title: course.title, role: membership.role as Role };
}

export interface MemberDTO {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export async function fetchMembers(user: UserDTO, courseId: string): Promise<MemberDTO[]> {
  await requireMembership(user, courseId, "instructor");
  const rows = await db.membership.findMany({
    where: { courseId },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: "asc" }, { user: { name: "asc" } }],
  });
  return rows.map((r) => ({ userId: r.user.id, name: r.user.name, email: r.user.email, role: r.role as Role }));
}

/** Make an existing account a co-instructor (promoting a student of the course is allowed). */
export async function addInstructor(user: UserDTO, courseId: string, email: string): Promise<MemberDTO> {
  await requireMembership(user, courseId, "instructor");
  const other = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (!other) throw new InvalidInputError("No account has that email. Ask them to sign up first.", "email");
  await db.membership.upsert({
    where: { userId_courseId: { userId: other.id, courseId } },
    create: { userId: other.id, courseId, role: "instructor" },
    update: { role: "instructor" },
  });
  return { userId: other.id, name: other.name, email: other.email, role: "instructor" };
}

/** Remove a student from a course; their submissions stay for the record. */
export async function removeStudent(user: UserDTO, courseId: string, studentId: string): Promise<void> {
  await requireMembership(user, courseId, "instructor");
  const result = await db.membership.deleteMany({ where: { courseId, userId: studentId, role: "student" } });
  if (result.count === 0) throw new NotFoundError("That student");
}
