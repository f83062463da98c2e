-- DropIndex
DROP INDEX "Submission_userId_itemId_idx";

-- CreateIndex
CREATE INDEX "Submission_userId_itemId_createdAt_idx" ON "Submission"("userId", "itemId", "createdAt");
