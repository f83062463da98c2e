// Reads one student's item through the app's data layer on DATABASE_URL and prints it as JSON: proves a
// database (e.g. a restored backup) is one the app can use. Usage: tsx --conditions=react-server tests/support/read-with-dal.ts <userId> <itemId>
import { fetchUserById } from "@/lib/dal/users";
import { fetchItemView, fetchMyHistory } from "@/lib/dal/solving";
import { db } from "@/lib/db";

async function main() {
  const [userId, itemId] = process.argv.slice(2);
  const user = await fetchUserById(userId);
  if (!user) throw new Error(`no user ${userId}`);
  const view = await fetchItemView(user, itemId);
  const history = await fetchMyHistory(user, itemId);
  console.log(JSON.stringify({ variant: view.variant.number, attemptsUsed: view.parts.map((p) => p.attemptsUsed), score: view.score, history: history.length }));
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
