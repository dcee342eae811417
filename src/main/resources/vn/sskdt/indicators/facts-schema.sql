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
-- priority groups (vn-target-group) the station recorded on the encounter
alter table ind_encounter add column if not exists target_groups varchar(32)[];
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

-- What the whole-population indicators ask of each resident for one calendar year, kept ready so that
-- a province's year is one scan of one partition instead of joining a million residents with their
-- residence, check-ups and cards (BENCHMARKS.md). One row per resident born by and alive on
-- 31 December of the year; derived from the tables above only, by indicators/ResidentYears, for the
-- years from sskdt.indicators.resident-years-from to the current one. Partitions (one per year) are
-- made by ResidentYears at start; the default partition only catches a year nobody made one for.
create table if not exists ind_resident_year (
    patient_id    varchar(64) not null,
    year          smallint not null,
    province      varchar(2),            -- where they lived on 31 December; null: not known
    commune       varchar(5),
    sex           char(1) not null,
    ethnicity     varchar(4),
    age           smallint not null,     -- on 31 December
    checkup_types varchar(32)[] not null, -- types of the finished check-ups started in the year
    insured       boolean not null,      -- an active BHYT card valid on 31 December
    book_created  boolean not null,      -- a first encounter started by 31 December
    target_groups varchar(32)[] not null, -- priority groups recorded on their encounters by 31 December, elderly from 60
    primary key (patient_id, year)
) partition by list (year);
create table if not exists ind_resident_year_default partition of ind_resident_year default;
create index if not exists ind_resident_year_area on ind_resident_year (year, province, commune);

-- Years whose rows were computed for every resident (a year not listed is answered from the tables above).
create table if not exists ind_resident_year_filled (
    year smallint primary key
);

-- Official population per unit and year (Group vn-official-population): shown beside the registered
-- denominator of the whole-population indicators. unit: a province (2 digits) or commune (5 digits).
create table if not exists ind_official_population (
    group_id   varchar(64) primary key,
    unit       varchar(5) not null,
    year       smallint not null,
    population integer not null,
    stored     timestamptz not null default now()
);
create index if not exists ind_official_population_unit on ind_official_population (unit, year);

-- ind_resident_year grouped by everything the whole-population indicators filter or stratify on
-- (age as the age band): ~80,000 cells for a province of a million instead of its million rows, so
-- that a province's year is read in milliseconds. Kept by indicators/ResidentYears in the write's
-- transaction (each change of a resident's rows moves them from one cell to another); a year's cells
-- are computed once its rows are complete (cells = true below). Unknown values are '' (part of the key).
create table if not exists ind_resident_year_cell (
    year          smallint not null,
    province      varchar(2) not null,
    commune       varchar(5) not null,
    sex           char(1) not null,
    ethnicity     varchar(4) not null,
    age_band      varchar(5) not null,
    checkup_types varchar(32)[] not null,
    insured       boolean not null,
    book_created  boolean not null,
    target_groups varchar(32)[] not null,
    residents     integer not null,      -- may fall to 0; queries leave such cells out
    primary key (year, province, commune, sex, ethnicity, age_band, checkup_types, insured, book_created, target_groups)
);
alter table ind_resident_year_filled add column if not exists cells boolean not null default false;

-- The children of the birthday cohorts (cohort birthday=N, born-in-period: N = 0), one row per child
-- and kept birthday (sskdt.indicators.birthday-cohorts), with where they lived on that day and the
-- doses they had by then, so that a cohort indicator reads its children instead of probing residence
-- and doses per child. Derived from the fact tables only, by indicators/ResidentYears.
create table if not exists ind_birthday (
    patient_id      varchar(64) not null,
    birthday        smallint not null,     -- N: the Nth birthday, 0 the day of birth
    ref             date not null,         -- that day
    province        varchar(2),
    commune         varchar(5),
    sex             char(1) not null,
    ethnicity       varchar(4),
    death_date      date,
    age             smallint not null,     -- on ref (N, except 29 February births: N - 1 on 28 February)
    doses_before    jsonb not null,        -- vaccine → distinct days with a completed dose before ref
    first_dose_days jsonb not null,        -- vaccine → days from birth to its first dose on or after birth
    target_groups   varchar(32)[] not null,
    primary key (patient_id, birthday)
);
create index if not exists ind_birthday_area on ind_birthday (birthday, province, commune, ref);
create index if not exists ind_birthday_province on ind_birthday (birthday, province, ref);

-- Every height measurement with where the resident lived on its day and their age then.
create table if not exists ind_height_located (
    observation_id varchar(64) primary key,
    patient_id     varchar(64) not null,
    measured       date not null,
    province       varchar(2),
    commune        varchar(5),
    sex            char(1) not null,
    ethnicity      varchar(4),
    age            smallint,               -- null: birth date not known
    value          numeric(6, 2) not null  -- cm
);
create index if not exists ind_height_located_patient on ind_height_located (patient_id);
-- covering, by age first: a province's year of children's measurements is read from the index alone,
-- without the adults' (three quarters of all measurements)
drop index if exists ind_height_located_area;
drop index if exists ind_height_located_province;
drop index if exists ind_height_located_commune;
create index if not exists ind_height_located_age on ind_height_located (province, age, measured) include (commune, sex, ethnicity, value);
create index if not exists ind_height_located_commune_age on ind_height_located (province, commune, age, measured) include (sex, ethnicity, value);

-- ind_height_located grouped by calendar year and everything the height indicators filter or stratify
-- on: ~24,000 cells for the 154,000 children's measurements of a province of a million in a year. Kept
-- by indicators/ResidentYears like the year cells (the difference of a write, in key order, in the
-- write's transaction), for the years from sskdt.indicators.resident-years-from; measurements without a
-- known age are not counted by any height indicator and have no cell. Unknown places are ''.
create table if not exists ind_height_cell (
    year         smallint not null,
    province     varchar(2) not null,
    age          smallint not null,
    commune      varchar(5) not null,
    sex          char(1) not null,
    ethnicity    varchar(4) not null,
    measurements integer not null,       -- may fall to 0; queries leave such cells out
    total_cm     numeric(14, 2) not null,
    primary key (year, province, age, commune, sex, ethnicity)
);

-- Which kept rows other than the years are complete ('birthdays', 'heights', 'height-cells'); until then
-- the fact tables (or, for the height cells, the located heights) answer.
create table if not exists ind_ready (
    what varchar(32) primary key
);
