-- Health-book documents prepared in the background (citizen/PreparedDocuments): what a citizen's
-- first opening of a book reads instead of generating it. Written by plain JDBC; idempotent.

-- one row per book and document: 'summary-vi' (the IPS document in Vietnamese), 'forecast' (the
-- immunization forecast as of the day it was generated, re-dated when read on a later day)
create table if not exists book_document (
  book varchar(100) not null,        -- 'Patient/<id>' (BookChanges.book)
  variant varchar(20) not null,
  generated timestamptz not null,
  body text not null,                -- the resource as JSON, entries on a placeholder server base
  primary key (book, variant)
);

-- books changed since their documents were prepared: written in the transaction of each change (so a
-- document of a book with a row here is never used), taken by the preparation, newest first
create table if not exists book_stale (
  book varchar(100) primary key,
  since timestamptz not null,
  changes integer not null default 1
);
create index if not exists book_stale_since on book_stale (since desc);
