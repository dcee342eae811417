-- Indicator facts: the few columns of the FHIR record that the plan indicators count, one row per
-- resource that matters, keyed by its FHIR id. Written by indicators/PopulationFacts in the same
-- database transaction as the resource itself; rebuilt from the resources by $rebuild-indicator-facts.
-- Dates are local dates in Vietnam (UTC+7). Applied at every start: statements must be idempotent.

create table if not exists ind_resident (
    patient_id  varchar(64) primary key,
    birth_date  date,
    death_date  date,                 -- null: alive; a death without a date counts from the day it was recorded
    sex         char(1) not null,     -- m, f, o (other), u (unknown)
    ethnicity   varchar(4)            -- GSO code, null when not recorded
);
create index if not exists ind_resident_birth on ind_resident (birth_date);

-- Where a resident lived when: one open row (valid_to null) per resident with a known commune. A move
-- closes the open row on the day of the move (address.period.start of the new address, else the day
-- the move was recorded) and opens a new one. valid_from null: since before the record began.
create table if not exists ind_residence (
    patient_id  varchar(64) not null,
    province    varchar(2) not null,
    commune     varchar(5),           -- null: province known, commune not
    valid_from  date,
    valid_to    date
);
create index if not exists ind_residence_patient on ind_residence (patient_id);
create index if not exists ind_residence_commune on ind_residence (commune, patient_id);
create index if not exists ind_residence_province on ind_residence (province, patient_id);

-- Completed doses only (status completed); entered-in-error and not-done are removed.
create table if not exists ind_dose (
    immunization_id varchar(64) primary key,
    patient_id      varchar(64) not null,
    vaccine         varchar(32) not null,   -- code of our national vaccine code system
    occurred        date not null
);
create index if not exists ind_dose_patient on ind_dose (patient_id, vaccine, occurred);

-- Encounters except entered-in-error and cancelled; checkup_type from our check-up type code system.
create table if not exists ind_encounter (
    encounter_id varchar(64) primary key,
    patient_id   varchar(64) not null,
    checkup_type varchar(32),
    finished     boolean not null,
    started      date not null
);
create index if not exists ind_encounter_patient on ind_encounter (patient_id, started);
create index if not exists ind_encounter_started on ind_encounter (started, checkup_type) include (patient_id, finished);

-- BHYT cards with status active; valid_to null = no end.
create table if not exists ind_insurance (
    coverage_id varchar(64) primary key,
    patient_id  varchar(64) not null,
    valid_from  date,
    valid_to    date
);
create index if not exists ind_insurance_patient on ind_insurance (patient_id);
create index if not exists ind_insurance_period on ind_insurance (valid_to, valid_from) include (patient_id);

-- Body height measurements (LOINC 8302-2, final/amended/corrected), in cm.
create table if not exists ind_height (
    observation_id varchar(64) primary key,
    patient_id     varchar(64) not null,
    measured       date not null,
    height_cm      numeric(6, 2) not null
);
create index if not exists ind_height_measured on ind_height (measured) include (patient_id, height_cm);

-- Official population of an area and year (statistics loaded as data), shown beside registered counts.
create table if not exists ind_official_population (
    area        varchar(5) not null,  -- province (2 digits) or commune (5 digits)
    year        integer not null,
    population  integer not null,
    primary key (area, year)
);
