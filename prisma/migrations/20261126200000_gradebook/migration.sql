-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ScoreOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "score" REAL,
    "oldScore" REAL NOT NULL,
    "reason" TEXT NOT NULL,
    "byUserId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScoreOverride_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreOverride_byUserId_fkey" FOREIGN KEY ("byUserId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreOverride_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ProblemItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ScoreOverride" ("byUserId", "createdAt", "id", "itemId", "oldScore", "reason", "score", "userId") SELECT "byUserId", "createdAt", "id", "itemId", "oldScore", "reason", "score", "userId" FROM "ScoreOverride";
DROP TABLE "ScoreOverride";
ALTER TABLE "new_ScoreOverride" RENAME TO "ScoreOverride";
CREATE INDEX "ScoreOverride_itemId_userId_createdAt_idx" ON "ScoreOverride"("itemId", "userId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Submission_itemId_createdAt_idx" ON "Submission"("itemId", "createdAt");

