// Reads one student's item through the app's data layer on DATABASE_URL and prints it as JSON: proves a
// database (e.g. a restored backup) is one the app can use. Usage: tsx --conditions=react-server tests/support/read-with-dal.ts <userId> <itemId>
import { fetchItemView, fetchMyHistory } from "@/lib/dal/solving";
import { db } from "@/lib/db";

async function main() {
  const [userId, itemId] = process.argv.slice(2);
  // the user as the session layer hands it to the data layer
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
  const view = await fetchItemView(user, itemId);
  const history = await fetchMyHistory(user, itemId);
  console.log(JSON.stringify({ variant: view.variant.number, attemptsUsed: view.parts.map((p) => p.attemptsUsed), score: view.score, history: history.length }));
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
