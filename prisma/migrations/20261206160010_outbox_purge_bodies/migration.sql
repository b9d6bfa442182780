-- Mail bodies held reset and verification codes, set-up links, reconnect tickets, recording links and
-- transcripts, kept forever. The outbox now keeps who, what subject and when (bodies only in a local
-- development outbox), and what older versions stored is erased here. No schema change.
UPDATE "OutboxEmail" SET "text" = '', "html" = NULL WHERE "text" <> '' OR "html" IS NOT NULL;
