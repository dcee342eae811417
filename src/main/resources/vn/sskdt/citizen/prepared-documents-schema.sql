-- Health-book documents prepared in the background (citizen/PreparedDocuments): what a citizen's
-- first opening of a book reads instead of generating it. Written by plain JDBC; idempotent.

-- one row per book and document: 'summary-vi' (the IPS document in Vietnamese), 'forecast' (the
-- immunization forecast as of the day it was prepared, re-dated when read on a later day)
create table if not exists book_document (
  book varchar(100) not null,        -- 'Patient/<id>' (BookChanges.book)
  variant varchar(20) not null,
  generated timestamptz not null,
  body text not null,                -- the resource as JSON, a summary's entries on a placeholder base
  primary key (book, variant)
);

-- changes of books since their documents were prepared: inserted in the transaction of each write (a
-- document of a book with a row here is not used), deleted by the preparation that saw them. Inserts
-- only, so writes never wait for each other here.
create table if not exists book_change (
  id bigserial primary key,
  book varchar(100) not null,
  changed timestamptz not null
);
create index if not exists book_change_book on book_change (book);
create index if not exists book_change_changed on book_change (changed desc);

-- the first form of the marks (one locked row per book), never released
drop table if exists book_stale;
