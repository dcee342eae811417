-- Fills the indicator fact tables of an (empty) SSKĐT database with a synthetic province, directly in
-- SQL, for measuring indicator queries at scales that loading FHIR bundles could not reach here
-- (a million residents through the API would take days on this machine). The shape follows the
-- synthetic province generator (docs/synthetic-province.md): ages 0-90, ten years of history
-- (2016-2025), the childhood doses of "fully immunized" with gaps, a check-up a year for ~60 %, a
-- height at each check-up, a BHYT card a year for ~95 %, 1 % movers, deaths.
-- Run by bench/indicators.sh: psql -v residents=N -v province=P -f bench/indicator-facts.sql, after
-- filling table bench_communes (n, commune) with the province's communes.
\set ON_ERROR_STOP on
select setseed(0.20261123);
-- the rows kept ready too (year rows and cells, birthday cohorts, located heights and their cells, and
-- the markers saying they are complete): the server recomputes them from these facts at its next start
truncate ind_resident, ind_residence, ind_dose, ind_encounter, ind_insurance, ind_height,
         ind_resident_year, ind_resident_year_filled, ind_resident_year_cell, ind_birthday,
         ind_height_located, ind_height_cell, ind_ready;

create unlogged table bench_people as
select i, 'bench-' || lpad(i::text, 8, '0') as patient_id,
       date '2025-12-31' - (power(random(), 1.25) * 90 * 365.25)::int as birth_date,
       case when random() < 0.5 then 'm' else 'f' end as sex,
       case when random() < 0.85 then '01' else lpad((2 + floor(random() * 20))::int::text, 2, '0') end as ethnicity,
       1 + floor(random() * (select count(*) from bench_communes))::int as commune_n,
       random() as r
from generate_series(1, :residents) i;

insert into ind_resident (patient_id, birth_date, death_date, sex, ethnicity)
select patient_id, birth_date,
       case when r < 0.006 then date '2025-01-01' + floor(random() * 365)::int end,
       sex, ethnicity
from bench_people;

-- residence: 1 % moved to another commune on 1 July 2025
insert into ind_residence (patient_id, province, commune, valid_from, valid_to)
select p.patient_id, :'province', c.commune, null, case when p.r > 0.99 then date '2025-07-01' end
from bench_people p join bench_communes c on c.n = p.commune_n;
insert into ind_residence (patient_id, province, commune, valid_from, valid_to)
select p.patient_id, :'province', c.commune, date '2025-07-01', null
from bench_people p join bench_communes c on c.n = 1 + (p.commune_n % (select count(*) from bench_communes))
where p.r > 0.99;

-- childhood doses for everyone born since 1996 (the national schedule's ages; ~8 % of doses missing)
insert into ind_dose (immunization_id, patient_id, vaccine, occurred)
select p.patient_id || '-' || s.vaccine || s.dose, p.patient_id, s.vaccine,
       p.birth_date + s.age_days + floor(random() * 20)::int
from bench_people p
cross join (values ('hepb-birth', 1, 0), ('bcg', 1, 7), ('penta', 1, 61), ('penta', 2, 92), ('penta', 3, 122),
                   ('opv', 1, 61), ('opv', 2, 92), ('opv', 3, 122), ('ipv', 1, 152), ('measles', 1, 274),
                   ('mr', 1, 548), ('dpt-booster', 1, 548), ('je', 1, 365), ('je', 2, 380), ('je', 3, 730))
      as s (vaccine, dose, age_days)
where p.birth_date >= date '1996-01-01' and random() > 0.08
  and p.birth_date + s.age_days <= date '2025-12-31';

-- one check-up a year for ~60 % (2016-2025), a height at each
insert into ind_encounter (encounter_id, patient_id, checkup_type, finished, started)
select p.patient_id || '-e' || y, p.patient_id,
       case when extract(year from age(make_date(y, 10, 1), p.birth_date)) between 6 and 17 then 'school'
            when random() < 0.5 then 'annual-free' else 'occupational' end,
       true, make_date(y, 1, 1) + floor(random() * 364)::int
from bench_people p cross join generate_series(2016, 2025) y
where random() < 0.6 and p.birth_date < make_date(y, 1, 1);

insert into ind_height (observation_id, patient_id, measured, height_cm)
select e.encounter_id || '-h', e.patient_id, e.started,
       round((least(175, 50 + 6.5 * least(extract(year from age(e.started, p.birth_date)), 18)
                              + case when extract(year from age(e.started, p.birth_date)) < 2 then 20 else 0 end)
               + (random() - 0.5) * 12)::numeric, 1)
from ind_encounter e join bench_people p on p.patient_id = e.patient_id
where e.patient_id like 'bench-%';

-- a BHYT card per calendar year for ~95 %
insert into ind_insurance (coverage_id, patient_id, valid_from, valid_to)
select p.patient_id || '-c' || y, p.patient_id, make_date(y, 1, 1), make_date(y, 12, 31)
from bench_people p cross join generate_series(2016, 2025) y
where random() < 0.95 and p.birth_date < make_date(y, 12, 31);

drop table bench_people;
vacuum analyze ind_resident, ind_residence, ind_dose, ind_encounter, ind_insurance, ind_height;
select 'ind_resident' as facts, count(*) from ind_resident union all select 'ind_residence', count(*) from ind_residence
union all select 'ind_dose', count(*) from ind_dose union all select 'ind_encounter', count(*) from ind_encounter
union all select 'ind_insurance', count(*) from ind_insurance union all select 'ind_height', count(*) from ind_height;
