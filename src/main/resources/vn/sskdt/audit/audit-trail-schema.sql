-- The audit trail (docs/security.md, Audit trail): one row per AuditEvent, its JSON as the client sees it
-- plus the few columns it is searched by, and one row per person it concerns. Written in batches by
-- audit/AuditEventStore, served as AuditEvent resources by audit/AuditTrailProvider.
create table if not exists audit_trail (
    id             varchar(64)  primary key,
    recorded       timestamptz  not null,
    action         varchar(1),
    outcome        varchar(2),
    requestor_role varchar(64),   -- the requesting agent's role code (vn-access-role), if any
    subtypes       text[]       not null default '{}',  -- system|code of each subtype
    version        integer      not null default 1,
    last_updated   timestamptz  not null,
    event          text         not null   -- the AuditEvent as JSON (without id and meta.versionId)
);
create index if not exists audit_trail_recorded on audit_trail (recorded);

-- A person's trail, newest first, from the index alone: "who looked at my health book".
create table if not exists audit_trail_patient (
    patient_id varchar(64) not null,
    recorded   timestamptz not null,
    event_id   varchar(64) not null references audit_trail (id),
    primary key (patient_id, recorded, event_id)
);

-- Set once the AuditEvents an earlier version stored as HAPI resources have been copied here.
create table if not exists audit_trail_moved (moved_at timestamptz not null, events integer not null);
