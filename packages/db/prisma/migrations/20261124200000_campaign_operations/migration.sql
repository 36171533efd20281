-- Campaign operations: schedules with date limits, excluded number types, resumable contact imports with
-- their per-row report, tenant holidays, one number per campaign, and fuzzy contact search.

-- Trigram indexes for ListContacts' fuzzy search on names and numbers.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "import_status" AS ENUM ('running', 'completed', 'interrupted', 'failed');

-- AlterTable
ALTER TABLE "schedules" ADD COLUMN "start_date" TEXT,
ADD COLUMN "end_date" TEXT;

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN "excluded_number_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN "source_line" INTEGER,
ADD COLUMN "import_id" UUID;

-- CreateTable
CREATE TABLE "contact_imports" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "list_id" UUID NOT NULL,
    "status" "import_status" NOT NULL,
    "format" TEXT NOT NULL,
    "read_rows" BIGINT NOT NULL DEFAULT 0,
    "accepted_rows" BIGINT NOT NULL DEFAULT 0,
    "rejected_rows" BIGINT NOT NULL DEFAULT 0,
    "rejected_by_reason" JSONB NOT NULL DEFAULT '{}',
    "committed_rows" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_rejections" (
    "import_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "raw_masked" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "import_rejections_pkey" PRIMARY KEY ("import_id","line")
);

-- CreateTable
CREATE TABLE "tenant_holidays" (
    "tenant_id" UUID NOT NULL,
    "date" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "tenant_holidays_pkey" PRIMARY KEY ("tenant_id","date")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "event_id" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- CreateIndex
CREATE INDEX "contact_imports_tenant_id_campaign_id_idx" ON "contact_imports"("tenant_id", "campaign_id");

-- CreateIndex
CREATE UNIQUE INDEX "contacts_campaign_id_phone_e164_key" ON "contacts"("campaign_id", "phone_e164");

-- CreateIndex (not expressible in schema.prisma: trigram GIN indexes)
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "contacts_phone_e164_trgm_idx" ON "contacts" USING GIN ("phone_e164" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "contact_imports" ADD CONSTRAINT "contact_imports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_imports" ADD CONSTRAINT "contact_imports_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_imports" ADD CONSTRAINT "contact_imports_list_id_fkey" FOREIGN KEY ("list_id") REFERENCES "contact_lists"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_rejections" ADD CONSTRAINT "import_rejections_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "contact_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_holidays" ADD CONSTRAINT "tenant_holidays_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
