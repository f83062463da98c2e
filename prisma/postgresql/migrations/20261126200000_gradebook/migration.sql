-- DropIndex
DROP INDEX "ScoreOverride_itemId_userId_idx";

-- AlterTable
ALTER TABLE "ScoreOverride" ALTER COLUMN "score" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "ScoreOverride_itemId_userId_createdAt_idx" ON "ScoreOverride"("itemId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_itemId_createdAt_idx" ON "Submission"("itemId", "createdAt");
