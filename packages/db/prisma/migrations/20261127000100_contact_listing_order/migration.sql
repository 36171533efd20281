-- ListContacts reads a campaign's contacts in (created_at, id) order; the name search goes with that
-- reading instead of through a trigram index.
--
-- The trigram GIN index on contacts.name made every stored contact pay for about ten index entries
-- through a pending list that concurrent writers all append to, and for merging that list into the
-- index: about 3.5 µs of the database's ~17 µs per imported row, the most expensive index left. It
-- served one query, a name search, while the listing itself had no index for its order and sorted the
-- whole campaign for every page. On a campaign of 1,000,000 contacts (EXPLAIN ANALYZE):
--
--   query                                   before (trigram, no order)   after (this index)
--   a page of the listing, any state        72–85 ms                     0.05–0.1 ms
--   a name matching many contacts           138 ms                       0.3 ms
--   a name matching few or none             0.1–8 ms                     155–170 ms
--   digits anywhere in the number           65–70 ms                     65–85 ms
--
-- A name search that matches little now reads the campaign's rows, as the digit search already did
-- (migration 20261126000000_contact_number_search); everything else gets faster, and an import pays
-- about 0.6 µs per row for this index instead of 3.5 µs for the trigram one. The pg_trgm extension
-- stays installed; nothing uses it.

-- DropIndex
DROP INDEX IF EXISTS "contacts_name_trgm_idx";

-- CreateIndex
CREATE INDEX "contacts_campaign_id_created_at_id_idx" ON "contacts"("campaign_id", "created_at", "id");
