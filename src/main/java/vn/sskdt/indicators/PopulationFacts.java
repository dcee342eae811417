package vn.sskdt.indicators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;
import vn.sskdt.profiles.ResidentAddress;

/**
 * Keeps the indicator fact tables ({@code facts-schema.sql}) equal to the FHIR record: given a stored
 * resource, writes (or removes) the one row it contributes. Called inside the transaction that stores
 * the resource ({@link FactMaintenance}), and by {@link FactRebuild} over the whole store.
 *
 * <p>It uses the JDBC connection of the surrounding JPA transaction (Spring binds it for the
 * DataSource), so a rolled-back write leaves no fact behind.
 */
@Component
public class PopulationFacts {

	static final String OUR_CODE_SYSTEMS = "https://sskdt.vn/fhir/CodeSystem/";
	static final String VACCINE_SYSTEM = OUR_CODE_SYSTEMS + "vn-vaccine";
	static final String CHECKUP_TYPE_SYSTEM = OUR_CODE_SYSTEMS + "vn-checkup-type";
	static final String TARGET_GROUP_SYSTEM = OUR_CODE_SYSTEMS + "vn-target-group";
	static final String TARGET_GROUP_EXTENSION = "https://sskdt.vn/fhir/StructureDefinition/vn-target-group";
	static final String ETHNICITY_EXTENSION = "https://sskdt.vn/fhir/StructureDefinition/vn-ethnicity";
	static final String LOINC = "http://loinc.org";
	static final String BODY_HEIGHT = "8302-2";
	static final String OFFICIAL_POPULATION = "https://sskdt.vn/fhir/sid/official-population";

	private final JdbcTemplate jdbc;

	PopulationFacts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		// the tables first: they must exist before the first write reaches FactMaintenance's hooks
		new ResourceDatabasePopulator(new ClassPathResource("vn/sskdt/indicators/facts-schema.sql")).execute(jdbc.getDataSource());
	}

	/**
	 * The resource was updated (its current version). Answers the residents whose ready rows
	 * (ResidentYears) it may change: before and after, when a record moves to another resident.
	 */
	public Set<String> record(IBaseResource resource) {
		return record(resource, false);
	}

	/**
	 * @param created the resource is new: no fact row can exist for it yet, so none is looked up (a
	 *                check-up Bundle creates a dozen resources, and each lookup is a round trip)
	 */
	public Set<String> record(IBaseResource resource, boolean created) {
		String id = resource.getIdElement().getIdPart();
		if (id == null) {
			return Set.of();
		}
		Fact fact = null;
		if (resource instanceof Patient patient) {
			recordResident(id, patient);
			return Set.of(id);
		} else if (resource instanceof Immunization immunization) {
			fact = dose(id, immunization);
		} else if (resource instanceof Encounter encounter) {
			fact = encounter(id, encounter);
		} else if (resource instanceof Coverage coverage) {
			fact = insurance(id, coverage);
		} else if (resource instanceof Observation observation) {
			fact = height(id, observation);
		} else if (resource instanceof Group group) {
			recordOfficialPopulation(id, group);
		}
		return fact == null ? Set.of() : write(fact, created);
	}

	/** The resource was deleted; answers as {@link #record} does. */
	public Set<String> forget(IBaseResource resource) {
		String id = resource.getIdElement().getIdPart();
		if (resource instanceof Patient) {
			jdbc.update("delete from ind_resident where patient_id = ?", id);
			jdbc.update("delete from ind_residence where patient_id = ?", id);
			return Set.of(id);
		} else if (resource instanceof Immunization) {
			return write(Fact.none("ind_dose", "immunization_id", id), false);
		} else if (resource instanceof Encounter) {
			return write(Fact.none("ind_encounter", "encounter_id", id), false);
		} else if (resource instanceof Coverage) {
			return write(Fact.none("ind_insurance", "coverage_id", id), false);
		} else if (resource instanceof Observation) {
			return write(Fact.none("ind_height", "observation_id", id), false);
		} else if (resource instanceof Group) {
			jdbc.update("delete from ind_official_population where group_id = ?", id);
		}
		return Set.of();
	}

	/**
	 * One fact row as a resource now says it should be: {@code columns} and {@code values} (the key
	 * first, then the resident) to insert or update, or none ({@code columns} null) to delete.
	 */
	private record Fact(String table, String key, String id, String columns, Object[] values) {
		static Fact none(String table, String key, String id) {
			return new Fact(table, key, id, null, null);
		}
	}

	/**
	 * Writes the row in one statement and answers its residents before and after. A new resource with
	 * no row to write costs nothing.
	 */
	private Set<String> write(Fact fact, boolean created) {
		Set<String> residents = new java.util.HashSet<>();
		if (fact.columns() == null) {
			if (!created) {
				residents.addAll(jdbc.queryForList("delete from " + fact.table() + " where " + fact.key() + " = ? returning patient_id",
						String.class, fact.id()));
			}
			return residents;
		}
		int columns = fact.values().length;
		String upsert = "insert into " + fact.table() + " (" + fact.columns() + ") values ("
				+ String.join(", ", java.util.Collections.nCopies(columns, "?")) + ") on conflict (" + fact.key() + ") do update set "
				+ updateFromExcluded(fact.columns(), 1);
		if (created) {
			jdbc.update(upsert, fact.values());
			residents.add((String) fact.values()[1]);
			return residents;
		}
		// the row's resident before the change, read in the same statement (the record may have moved to another person)
		Object[] withId = new Object[columns + 1];
		withId[0] = fact.id();
		System.arraycopy(fact.values(), 0, withId, 1, columns);
		jdbc.query("with before as (select patient_id from " + fact.table() + " where " + fact.key() + " = ?) " + upsert
				+ " returning patient_id, (select patient_id from before) as before", rs -> {
					residents.add(rs.getString(1));
					if (rs.getString(2) != null) {
						residents.add(rs.getString(2));
					}
				}, withId);
		return residents;
	}

	/**
	 * {@code a = excluded.a, b = excluded.b, …} for the columns of an upsert after its first
	 * {@code keyColumns} (the conflict key), so a row's update always names every column it inserts.
	 */
	static String updateFromExcluded(String columns, int keyColumns) {
		return java.util.Arrays.stream(columns.split(",\\s*")).skip(keyColumns)
				.map(column -> column + " = excluded." + column).collect(java.util.stream.Collectors.joining(", "));
	}

	private void recordResident(String id, Patient patient) {
		LocalDate recorded = Optional.ofNullable(LocalDates.of(patient.getMeta().getLastUpdated())).orElseGet(LocalDates::today);
		LocalDate death = null;
		if (patient.hasDeceasedDateTimeType()) {
			death = LocalDates.of(patient.getDeceasedDateTimeType());
		} else if (patient.hasDeceasedBooleanType() && patient.getDeceasedBooleanType().booleanValue()) {
			death = recorded; // the record says "deceased" without a date: count it from the day it said so
		}
		String ethnicity = null;
		Extension ethnicityExtension = patient.getExtensionByUrl(ETHNICITY_EXTENSION);
		if (ethnicityExtension != null && ethnicityExtension.getValue() instanceof Coding coding) {
			ethnicity = coding.getCode();
		}
		jdbc.update("""
				insert into ind_resident (patient_id, birth_date, death_date, sex, ethnicity) values (?, ?, ?, ?, ?)
				on conflict (patient_id) do update set birth_date = excluded.birth_date, death_date = excluded.death_date,
				  sex = excluded.sex, ethnicity = excluded.ethnicity""",
				id, sqlDate(LocalDates.of(patient.getBirthDateElement())), sqlDate(death), sex(patient), ethnicity);
		ResidentAddress.of(patient).filter(home -> !home.province().isEmpty())
				.ifPresent(home -> recordResidence(id, home, recorded));
	}

	/** Closes the open residence on the day of a move and opens the new one; nothing when unchanged. */
	private void recordResidence(String id, ResidentAddress home, LocalDate recorded) {
		String commune = home.commune().isEmpty() ? null : home.commune();
		List<Residence> open = jdbc.query(
				"select province, commune, valid_from from ind_residence where patient_id = ? and valid_to is null",
				(row, n) -> new Residence(row.getString(1), row.getString(2), toLocal(row.getDate(3))), id);
		if (open.size() == 1 && open.get(0).province().equals(home.province()) && java.util.Objects.equals(open.get(0).commune(), commune)) {
			return;
		}
		if (open.isEmpty()) {
			jdbc.update("insert into ind_residence (patient_id, province, commune, valid_from) values (?, ?, ?, null)",
					id, home.province(), commune);
			return;
		}
		LocalDate moved = Optional.ofNullable(LocalDates.of(home.address().getPeriod().getStartElement())).orElse(recorded);
		LocalDate since = open.get(0).validFrom();
		if (since != null && !moved.isAfter(since)) {
			// the new address replaces the open one from the day that one began (a correction, or a move dated earlier)
			jdbc.update("update ind_residence set province = ?, commune = ? where patient_id = ? and valid_to is null",
					home.province(), commune, id);
			return;
		}
		jdbc.update("update ind_residence set valid_to = ? where patient_id = ? and valid_to is null", sqlDate(moved), id);
		jdbc.update("insert into ind_residence (patient_id, province, commune, valid_from) values (?, ?, ?, ?)",
				id, home.province(), commune, sqlDate(moved));
	}

	private record Residence(String province, String commune, LocalDate validFrom) {}

	private Fact dose(String id, Immunization immunization) {
		String vaccine = code(immunization.getVaccineCode().getCoding(), VACCINE_SYSTEM);
		String patient = patientId(immunization.getPatient());
		LocalDate occurred = immunization.hasOccurrenceDateTimeType() ? LocalDates.of(immunization.getOccurrenceDateTimeType()) : null;
		if (immunization.getStatus() != Immunization.ImmunizationStatus.COMPLETED || vaccine == null || patient == null || occurred == null) {
			return Fact.none("ind_dose", "immunization_id", id); // entered-in-error, not-done: not a dose
		}
		return new Fact("ind_dose", "immunization_id", id, "immunization_id, patient_id, vaccine, occurred",
				new Object[] {id, patient, vaccine, sqlDate(occurred)});
	}

	private Fact encounter(String id, Encounter encounter) {
		String patient = patientId(encounter.getSubject());
		LocalDate started = LocalDates.of(encounter.getPeriod().getStartElement());
		Encounter.EncounterStatus status = encounter.getStatus();
		if (patient == null || started == null || status == Encounter.EncounterStatus.ENTEREDINERROR
				|| status == Encounter.EncounterStatus.CANCELLED) {
			return Fact.none("ind_encounter", "encounter_id", id);
		}
		String type = encounter.getType().stream().map(t -> code(t.getCoding(), CHECKUP_TYPE_SYSTEM))
				.filter(java.util.Objects::nonNull).findFirst().orElse(null);
		String[] targetGroups = encounter.getExtensionsByUrl(TARGET_GROUP_EXTENSION).stream()
				.filter(e -> e.getValue() instanceof CodeableConcept).map(e -> code(((CodeableConcept) e.getValue()).getCoding(), TARGET_GROUP_SYSTEM))
				.filter(java.util.Objects::nonNull).distinct().sorted().toArray(String[]::new);
		return new Fact("ind_encounter", "encounter_id", id, "encounter_id, patient_id, checkup_type, finished, started, target_groups",
				new Object[] {id, patient, type, status == Encounter.EncounterStatus.FINISHED, sqlDate(started), targetGroups});
	}

	private Fact insurance(String id, Coverage coverage) {
		String patient = patientId(coverage.getBeneficiary());
		if (coverage.getStatus() != Coverage.CoverageStatus.ACTIVE || patient == null) {
			return Fact.none("ind_insurance", "coverage_id", id);
		}
		return new Fact("ind_insurance", "coverage_id", id, "coverage_id, patient_id, valid_from, valid_to",
				new Object[] {id, patient, sqlDate(LocalDates.of(coverage.getPeriod().getStartElement())),
						sqlDate(LocalDates.of(coverage.getPeriod().getEndElement()))});
	}

	/** Only heights are counted; any other Observation has no row (one that was a height before loses it). */
	private Fact height(String id, Observation observation) {
		boolean height = observation.getCode().getCoding().stream()
				.anyMatch(c -> LOINC.equals(c.getSystem()) && BODY_HEIGHT.equals(c.getCode()));
		String patient = patientId(observation.getSubject());
		LocalDate measured = observation.hasEffectiveDateTimeType() ? LocalDates.of(observation.getEffectiveDateTimeType())
				: observation.hasEffectivePeriod() ? LocalDates.of(observation.getEffectivePeriod().getStartElement()) : null;
		BigDecimal centimetres = height && observation.hasValueQuantity() ? centimetres(observation.getValueQuantity()) : null;
		Observation.ObservationStatus status = observation.getStatus();
		boolean counted = status == Observation.ObservationStatus.FINAL || status == Observation.ObservationStatus.AMENDED
				|| status == Observation.ObservationStatus.CORRECTED;
		if (!height || !counted || patient == null || measured == null || centimetres == null) {
			return Fact.none("ind_height", "observation_id", id);
		}
		return new Fact("ind_height", "observation_id", id, "observation_id, patient_id, measured, height_cm",
				new Object[] {id, patient, sqlDate(measured), centimetres});
	}

	/**
	 * A Group of profile vn-official-population: the unit (province or commune code) and the calendar
	 * year of its characteristic. Other Groups have no row.
	 */
	private void recordOfficialPopulation(String id, Group group) {
		jdbc.update("delete from ind_official_population where group_id = ?", id);
		boolean official = group.getIdentifier().stream().anyMatch(i -> OFFICIAL_POPULATION.equals(i.getSystem()));
		if (!official || !group.hasQuantity() || group.getCharacteristic().size() != 1) {
			return;
		}
		Group.GroupCharacteristicComponent unit = group.getCharacteristicFirstRep();
		LocalDate from = LocalDates.of(unit.getPeriod().getStartElement());
		if (!unit.hasValueCodeableConcept() || from == null) {
			return;
		}
		String code = unit.getValueCodeableConcept().getCodingFirstRep().getCode();
		if (code == null || !code.matches("[0-9]{2}|[0-9]{5}")) {
			return;
		}
		jdbc.update("insert into ind_official_population (group_id, unit, year, population) values (?, ?, ?, ?)",
				id, code, from.getYear(), group.getQuantity());
	}

	/** Our profile requires cm; a value in m or mm (other senders, older versions) is converted, not dropped. */
	private static BigDecimal centimetres(Quantity quantity) {
		if (!quantity.hasValue()) {
			return null;
		}
		String unit = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
		BigDecimal value = quantity.getValue();
		BigDecimal cm = switch (unit == null ? "" : unit) {
			case "cm" -> value;
			case "m" -> value.movePointRight(2);
			case "mm" -> value.movePointLeft(1);
			default -> null;
		};
		return cm == null ? null : cm.setScale(2, RoundingMode.HALF_UP);
	}

	private static String sex(Patient patient) {
		if (!patient.hasGender()) {
			return "u";
		}
		return switch (patient.getGender()) {
			case MALE -> "m";
			case FEMALE -> "f";
			case OTHER -> "o";
			default -> "u";
		};
	}

	private static String code(List<Coding> codings, String system) {
		return codings.stream().filter(c -> system.equals(c.getSystem()) && c.hasCode()).map(Coding::getCode)
				.findFirst().orElse(null);
	}

	private static String patientId(Reference reference) {
		if (reference == null || !reference.hasReference()) {
			return null;
		}
		var id = reference.getReferenceElement();
		return "Patient".equals(id.getResourceType()) ? id.getIdPart() : null;
	}

	private static Date sqlDate(LocalDate date) {
		return date == null ? null : Date.valueOf(date);
	}

	private static LocalDate toLocal(java.sql.Date date) {
		return date == null ? null : date.toLocalDate();
	}
}
