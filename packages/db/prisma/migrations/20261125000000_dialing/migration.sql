-- Dialing: caller-ID selection per trunk group, and what an attempt needs to be dialed, followed and,
-- when its call vanishes, ended as lost (trunk, node, caller ID, the claiming pod, the loss deadline).

-- CreateEnum
CREATE TYPE "caller_id_mode" AS ENUM ('rotate', 'region');

-- AlterTable
ALTER TABLE "trunk_groups" ADD COLUMN "caller_id_mode" "caller_id_mode" NOT NULL DEFAULT 'rotate';

-- AlterTable
ALTER TABLE "attempts" ADD COLUMN "trunk_id" UUID,
ADD COLUMN "node_id" TEXT,
ADD COLUMN "gateway" TEXT,
ADD COLUMN "caller_id" TEXT,
ADD COLUMN "claimed_by" TEXT,
ADD COLUMN "originated_at" TIMESTAMPTZ(3),
ADD COLUMN "deadline_at" TIMESTAMPTZ(3),
ADD COLUMN "sip_status" INTEGER,
ADD COLUMN "billsec_ms" BIGINT,
ADD COLUMN "flow_result" TEXT;

-- CreateIndex
CREATE INDEX "attempts_state_deadline_at_idx" ON "attempts"("state", "deadline_at");

-- CreateIndex
CREATE INDEX "attempts_trunk_id_state_idx" ON "attempts"("trunk_id", "state");

-- AddForeignKey
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_trunk_id_fkey" FOREIGN KEY ("trunk_id") REFERENCES "trunks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
