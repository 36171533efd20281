-- Contact number search without a trigram index. Every stored contact paid for the trigram GIN index on
-- contacts.phone_e164 — about fourteen index entries per number, through a pending list that concurrent
-- writers of an import all append to — which made it the most expensive index of a contact import
-- (about a sixth of the database's time per row). ListContacts' digit search keeps its meaning (the
-- digits anywhere in the number): it filters the campaign's contacts as they are read for the listing,
-- which has no index for its order either. The name search keeps its trigram index.
DROP INDEX IF EXISTS "contacts_phone_e164_trgm_idx";
