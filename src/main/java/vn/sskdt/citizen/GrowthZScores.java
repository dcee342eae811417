package vn.sskdt.citizen;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import vn.sskdt.citizen.GrowthStandard.Indicator;
import vn.sskdt.citizen.GrowthStandard.Sex;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * Puts WHO z-scores on the stored record: for every body height, body weight or BMI Observation of a
 * resident aged 0–19 (WHO's ranges per indicator, see {@link GrowthStandard}), a derived Observation
 * (profile {@code vn-growth-z-score}, code {@code vn-observation-code#height-for-age-z} and the like,
 * {@code derivedFrom} the measurement), written in the same database transaction as the measurement.
 *
 * <p>Why a derived Observation rather than a component of the measurement: the R4 vital-signs profiles our
 * height, weight and BMI profiles derive from bind every component's unit to the vital-signs UCUM list
 * (required), which has no unit for a z-score; a derived Observation also keeps the station's
 * measurement exactly as submitted, and is found with an ordinary search
 * ({@code Observation?code=…|height-for-age-z&value-quantity=lt-2} counts stunting).
 *
 * <p>Idempotent: the derived Observation's id is made from the measurement's id and the indicator, and it
 * is written by update, so a resubmission or a no-op update leaves it unchanged (HAPI stores no new version)
 * and a corrected measurement (new value, date or status such as entered-in-error) corrects it. It runs
 * at pre-commit, which HAPI defers to the end of a transaction Bundle, so a check-up that registers the
 * child in the same Bundle has the child's birth date and sex at hand. Written as the server (it is
 * derived data, not client input: validated by our tests against its profile, not on every write).
 *
 * <p>Known limits: a later correction of the resident's birth date or sex does not recompute earlier
 * z-scores; deleting a measurement that has z-scores is refused by referential integrity until they are
 * deleted (records are corrected with entered-in-error, not deleted).
 */
@Component
public class GrowthZScores implements FhirServerInterceptor {

	static final String LOINC = "http://loinc.org";
	static final String Z_SCORE_UNIT = "{Z-score}";
	private static final Map<String, Indicator> MEASUREMENTS = Map.of(
			"8302-2", Indicator.HEIGHT_FOR_AGE, "29463-7", Indicator.WEIGHT_FOR_AGE, "39156-5", Indicator.BMI_FOR_AGE);
	private static final Map<Indicator, String> UNITS =
			Map.of(Indicator.HEIGHT_FOR_AGE, "cm", Indicator.WEIGHT_FOR_AGE, "kg", Indicator.BMI_FOR_AGE, "kg/m2");
	private static final Map<Indicator, String> CODES = Map.of(Indicator.HEIGHT_FOR_AGE, "height-for-age-z",
			Indicator.WEIGHT_FOR_AGE, "weight-for-age-z", Indicator.BMI_FOR_AGE, "bmi-for-age-z");

	private final DaoRegistry daos;
	private final GrowthStandard standard = GrowthStandard.who();
	private final String observationCodeSystem;
	private final String profile;

	GrowthZScores(DaoRegistry daos, EpiSchedule schedule) {
		this.daos = daos;
		// our canonical is named only in sushi-config.yaml; the schedule carries it
		String base = schedule.canonical().substring(0, schedule.canonical().indexOf("/PlanDefinition/"));
		this.observationCodeSystem = base + "/CodeSystem/vn-observation-code";
		this.profile = base + "/StructureDefinition/vn-growth-z-score";
	}

	public static String codeOf(Indicator indicator) {
		return CODES.get(indicator);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		derive(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		derive(resource);
	}

	private void derive(IBaseResource resource) {
		if (!(resource instanceof Observation measurement)) {
			return;
		}
		Optional<Indicator> indicator = indicatorOf(measurement);
		if (indicator.isEmpty() || !measurement.hasValueQuantity() || measurement.getValueQuantity().getValue() == null
				|| !UNITS.get(indicator.get()).equals(measurement.getValueQuantity().getCode())) {
			return;
		}
		Optional<LocalDate> measured = dateOf(measurement);
		Optional<Patient> child = patientOf(measurement);
		if (measured.isEmpty() || child.isEmpty()) {
			return;
		}
		Patient patient = child.get();
		if (!patient.hasBirthDate() || patient.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY
				|| (patient.getGender() != AdministrativeGender.MALE && patient.getGender() != AdministrativeGender.FEMALE)) {
			return;
		}
		LocalDate born = LocalDate.parse(patient.getBirthDateElement().getValueAsString());
		long ageDays = ChronoUnit.DAYS.between(born, measured.get());
		Sex sex = patient.getGender() == AdministrativeGender.MALE ? Sex.MALE : Sex.FEMALE;
		Optional<BigDecimal> z = standard.zScore(indicator.get(), sex, ageDays,
				measurement.getValueQuantity().getValue().doubleValue());
		if (z.isPresent()) {
			daos.getResourceDao(Observation.class).update(zScore(measurement, indicator.get(), ageDays, z.get()),
					new SystemRequestDetails());
		}
	}

	private Observation zScore(Observation measurement, Indicator indicator, long ageDays, BigDecimal z) {
		IIdType source = measurement.getIdElement().toUnqualifiedVersionless();
		Observation derived = new Observation();
		derived.setId(new org.hl7.fhir.r4.model.IdType("Observation", derivedId(source.getIdPart(), indicator)));
		derived.getMeta().addProfile(profile);
		derived.setStatus(measurement.getStatus());
		derived.addCategory().addCoding(new Coding(
				"http://terminology.hl7.org/CodeSystem/observation-category", "exam", "Exam"));
		derived.getCode().addCoding(new Coding(observationCodeSystem, CODES.get(indicator), null));
		derived.setSubject(measurement.getSubject().copy());
		if (measurement.hasEncounter()) {
			derived.setEncounter(measurement.getEncounter().copy());
		}
		derived.setEffective(measurement.getEffective().copy());
		derived.setValue(new Quantity().setValue(z).setUnit("Z-score").setSystem("http://unitsofmeasure.org").setCode(Z_SCORE_UNIT));
		derived.getMethod().setText(ageDays <= GrowthStandard.LAST_DAY_OF_2006_STANDARDS
				? "WHO Child Growth Standards 2006 (LMS)"
				: "WHO Growth Reference 2007 (LMS)");
		derived.addDerivedFrom(new Reference(source.getValue()));
		return derived;
	}

	/** Stable per measurement and indicator; a UUID of both when the measurement's own id is long. */
	static String derivedId(String measurementId, Indicator indicator) {
		String id = measurementId + "-" + CODES.get(indicator).replace("-for-age-z", "z");
		return id.length() <= 64 ? id
				: UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString();
	}

	private static Optional<Indicator> indicatorOf(Observation observation) {
		return observation.getCode().getCoding().stream()
				.filter(c -> LOINC.equals(c.getSystem()) && MEASUREMENTS.containsKey(c.getCode()))
				.map(c -> MEASUREMENTS.get(c.getCode()))
				.findFirst();
	}

	private static Optional<LocalDate> dateOf(Observation observation) {
		DateTimeType when = observation.hasEffectiveDateTimeType() ? observation.getEffectiveDateTimeType()
				: observation.hasEffectivePeriod() ? observation.getEffectivePeriod().getStartElement() : null;
		if (when == null || when.getValue() == null || when.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
			return Optional.empty();
		}
		return Optional.of(LocalDate.parse(when.getValueAsString().substring(0, 10))); // the date as recorded, local
	}

	private Optional<Patient> patientOf(Observation observation) {
		IIdType subject = observation.getSubject().getReferenceElement();
		if (!"Patient".equals(subject.getResourceType()) || !subject.hasIdPart() || subject.isAbsolute()) {
			return Optional.empty();
		}
		try {
			return Optional.of((Patient) daos.getResourceDao(Patient.class)
					.read(subject.toUnqualifiedVersionless(), new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}
}
