package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.springframework.stereotype.Component;
import vn.sskdt.citizen.ImmunizationForecast.GivenDose;
import vn.sskdt.citizen.ImmunizationForecast.SeriesForecast;
import vn.sskdt.audit.PatientListAudit;
import vn.sskdt.config.FhirOperationProvider;

/**
 * {@code GET Patient/{id}/$immds-forecast[?assessmentDate=YYYY-MM-DD]}: the national schedule applied to
 * one health book, as an ImmunizationRecommendation with one recommendation per vaccine series (the next
 * dose, or the series complete). The name is the HL7 Immunization Decision Support Forecast guide's; that
 * guide's operation takes the patient and immunizations as input, ours reads them from the record.
 *
 * <p>Who may call it is decided by {@code security/AccessRules} (the operation on a Patient the caller may
 * read); the Patient is read with the caller's request, so the station commune rules apply as to any
 * read, and the opening is in the child's audit trail. The answer itself is not stored as a resource;
 * today's forecast of a changed book is prepared in the background ({@link PreparedDocuments}).
 */
@Component
public class ImmunizationForecastOperation implements FhirOperationProvider {

	static final String STATUS_FHIR = "http://terminology.hl7.org/CodeSystem/immunization-recommendation-status";
	static final String LOINC = "http://loinc.org";
	static final String DUE = "30980-7";
	static final String EARLIEST = "30981-5";
	static final String LATEST = "59777-3";
	static final String OVERDUE = "59778-1";
	static final String INSTANTIATES = "http://hl7.org/fhir/StructureDefinition/workflow-instantiatesCanonical";

	private final DaoRegistry daos;
	private final PatientListAudit audit;
	private final EpiSchedule schedule;
	private final CitizenProperties properties;
	private final String vaccineSystem;
	private final String forecastStatusSystem;

	private final KeptResources<ImmunizationRecommendation> kept;
	private final PreparedDocuments prepared;
	private final FhirContext fhirContext;

	ImmunizationForecastOperation(DaoRegistry daos, PatientListAudit audit, EpiSchedule schedule, CitizenProperties properties,
			BookChanges changes, FhirContext fhirContext, MeterRegistry meters, PreparedDocuments prepared) {
		this.daos = daos;
		this.prepared = prepared;
		this.fhirContext = fhirContext;
		// kept per book and assessment date until a write to the book commits: a parent opens it often
		this.kept = new KeptResources<>("forecast", ImmunizationRecommendation.class, properties.forecastCacheMegabytes(),
				changes, fhirContext, daos, meters);
		this.audit = audit;
		this.schedule = schedule;
		this.properties = properties;
		// our code systems live under the package canonical, which only sushi-config.yaml names
		String base = schedule.canonical().substring(0, schedule.canonical().indexOf("/PlanDefinition/"));
		this.vaccineSystem = base + "/CodeSystem/vn-vaccine";
		this.forecastStatusSystem = base + "/CodeSystem/vn-forecast-status";
	}

	@Operation(name = "$immds-forecast", idempotent = true, type = Patient.class)
	public ImmunizationRecommendation forecast(
			@IdParam IdType patientId,
			@OperationParam(name = "assessmentDate", min = 0, max = 1) DateType assessmentDate,
			RequestDetails request) {
		LocalDate assessment = assessmentDate(assessmentDate);
		ImmunizationRecommendation forecast = kept.get(patientId, assessment.toString(), request,
				() -> prepared(patientId, assessment).orElseGet(() -> {
					Patient patient = (Patient) daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
					if (assessment.isBefore(birthDate(patient))) {
						throw new InvalidRequestException("Ngày đánh giá trước ngày sinh / assessmentDate is before the birth date");
					}
					return forecastFor(patient, assessment);
				}));
		// BALP audits reads and searches, not operations: the citizen still sees who opened the forecast
		audit.listed(request, "Dự báo tiêm chủng / Immunization forecast", List.of(patientId.getIdPart()));
		return forecast;
	}

	/**
	 * The forecast prepared in the background ({@link DocumentPreparation}), if the book has not changed
	 * since and it was prepared on or before the assessment date: re-dated to that date.
	 */
	private Optional<ImmunizationRecommendation> prepared(IdType patient, LocalDate assessment) {
		return prepared.find(BookChanges.book(patient.getIdPart()), PreparedDocuments.FORECAST)
				.filter(document -> !assessment.isBefore(LocalDate.ofInstant(document.generated(), properties.timeZone())))
				.map(document -> asOf(fhirContext.newJsonParser().parseResource(ImmunizationRecommendation.class,
						document.json()), assessment));
	}

	/** Today's forecast of a book, as the background preparation stores it (read as the system). */
	ImmunizationRecommendation forecastToday(String patientId) {
		Patient patient = daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), new SystemRequestDetails());
		return forecastFor(patient, LocalDate.now(properties.timeZone()));
	}

	/**
	 * A forecast made on an earlier day, as it stands on {@code assessment}: the doses that count and the
	 * dates of each next dose do not move with the day (a dose recorded since would have changed the book,
	 * and the forecast with it), only the statuses do ({@link ImmunizationForecast#status}).
	 */
	ImmunizationRecommendation asOf(ImmunizationRecommendation forecast, LocalDate assessment) {
		for (ImmunizationRecommendationRecommendationComponent r : forecast.getRecommendation()) {
			if (!r.hasDoseNumber()) {
				continue; // the series is complete
			}
			r.setForecastStatus(status(ImmunizationForecast.status(criterion(r, EARLIEST), criterion(r, DUE),
					criterion(r, OVERDUE), criterion(r, LATEST), assessment)));
		}
		return forecast;
	}

	private static LocalDate criterion(ImmunizationRecommendationRecommendationComponent r, String code) {
		return r.getDateCriterion().stream().filter(c -> c.getCode().hasCoding(LOINC, code)).findFirst()
				.map(c -> LocalDate.parse(c.getValueElement().getValueAsString().substring(0, 10))).orElse(null);
	}

	/**
	 * The forecast of a Patient already read (and access to it decided) by the caller: the one prepared
	 * in the background, re-dated, when there is one for that date ({@link #prepared}), else made now.
	 */
	ImmunizationRecommendation preparedOrMade(Patient patient, LocalDate assessment) {
		return prepared(patient.getIdElement().toUnqualifiedVersionless(), assessment)
				.orElseGet(() -> forecastFor(patient, assessment));
	}

	/** The forecast of a Patient already read (and access to it decided) by the caller. */
	ImmunizationRecommendation forecastFor(Patient patient, LocalDate assessment) {
		IdType patientRef = patient.getIdElement().toUnqualifiedVersionless();
		List<SeriesForecast> forecast =
				ImmunizationForecast.forecast(schedule, birthDate(patient), givenDoses(patientRef), assessment);
		return recommendation(patientRef, forecast);
	}

	/** The recommendation's status is one of these FHIR codes (due, overdue). */
	static boolean dueOrOverdue(ImmunizationRecommendationRecommendationComponent r) {
		return r.getForecastStatus().getCoding().stream()
				.anyMatch(c -> STATUS_FHIR.equals(c.getSystem()) && ("due".equals(c.getCode()) || "overdue".equals(c.getCode())));
	}

	static LocalDate birthDate(Patient patient) {
		if (!patient.hasBirthDate() || patient.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY) {
			throw new UnprocessableEntityException(
					"Cần ngày sinh đầy đủ để dự báo lịch tiêm / A full birth date is needed for a forecast");
		}
		return LocalDate.parse(patient.getBirthDateElement().getValueAsString());
	}

	private LocalDate assessmentDate(DateType given) {
		if (given == null || given.isEmpty()) {
			return LocalDate.now(properties.timeZone());
		}
		if (given.getPrecision() != TemporalPrecisionEnum.DAY) {
			throw new InvalidRequestException("assessmentDate phải là ngày YYYY-MM-DD / assessmentDate must be a full date YYYY-MM-DD");
		}
		return LocalDate.parse(given.getValueAsString());
	}

	/**
	 * Completed vaccinations with a national vaccine code and a full date. Entered-in-error and not-done
	 * records are not doses. Read as the system: access to this book was decided on the Patient above.
	 */
	private List<GivenDose> givenDoses(IdType patient) {
		SearchParameterMap byPatient = SearchParameterMap.newSynchronous()
				.add(Immunization.SP_PATIENT, new ReferenceParam(patient.getValue()));
		List<GivenDose> doses = new ArrayList<>();
		for (IBaseResource resource : daos.getResourceDao(Immunization.class)
				.search(byPatient, new SystemRequestDetails()).getAllResources()) {
			Immunization immunization = (Immunization) resource;
			if (immunization.getStatus() != Immunization.ImmunizationStatus.COMPLETED
					|| !immunization.hasOccurrenceDateTimeType()
					|| immunization.getOccurrenceDateTimeType().getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
				continue;
			}
			String date = immunization.getOccurrenceDateTimeType().getValueAsString().substring(0, 10);
			for (Coding coding : immunization.getVaccineCode().getCoding()) {
				if (vaccineSystem.equals(coding.getSystem()) && coding.hasCode()) {
					doses.add(new GivenDose(coding.getCode(), LocalDate.parse(date),
							immunization.getIdElement().toUnqualifiedVersionless().getValue()));
				}
			}
		}
		return doses;
	}

	private ImmunizationRecommendation recommendation(IdType patient, List<SeriesForecast> forecast) {
		ImmunizationRecommendation answer = new ImmunizationRecommendation();
		answer.addExtension(INSTANTIATES, new CanonicalType(schedule.reference()));
		answer.setPatient(new Reference(patient.getValue()));
		answer.setDateElement(new DateTimeType(new Date(), TemporalPrecisionEnum.SECOND));
		for (SeriesForecast series : forecast) {
			ImmunizationRecommendationRecommendationComponent r = answer.addRecommendation();
			r.addVaccineCode().addCoding(new Coding(vaccineSystem, series.series().vaccine(), series.series().title()));
			r.setSeries(series.series().title());
			r.setSeriesDoses(new PositiveIntType(series.series().doses().size()));
			r.setForecastStatus(status(series.status()));
			if (series.next() != null) {
				r.setDoseNumber(new PositiveIntType(series.next().number()));
				r.setDescription(series.next().title());
				criterion(r, EARLIEST, "Earliest date to give", series.earliest());
				criterion(r, DUE, "Date vaccine due", series.due());
				criterion(r, OVERDUE, "Date when overdue for immunization", series.overdue());
				criterion(r, LATEST, "Latest date to give immunization", series.latest());
			}
			series.counted().forEach(d -> r.addSupportingImmunization(new Reference(d.immunizationId())));
			if (!series.notCounted().isEmpty()) {
				// why a recorded dose is missing from supportingImmunization
				r.addForecastReason().setText("Không được tính (sai tuổi, khoảng cách hoặc thừa) / Not counted (age, interval or extra): "
						+ String.join(", ", series.notCounted().stream().map(d -> d.immunizationId() + " " + d.date()).toList()));
			}
		}
		return answer;
	}

	private CodeableConcept status(ImmunizationForecast.Status status) {
		return switch (status) {
			case COMPLETE -> concept(STATUS_FHIR, "complete", "Complete");
			case DUE -> concept(STATUS_FHIR, "due", "Due");
			case OVERDUE -> concept(STATUS_FHIR, "overdue", "Overdue");
			// FHIR's code system has no "not yet due" nor "aged out": ours (vn-forecast-status)
			case NOT_YET_DUE -> concept(forecastStatusSystem, "not-yet-due", "Chưa đến hạn / Not yet due");
			case AGED_OUT -> concept(forecastStatusSystem, "aged-out", "Quá tuổi tiêm / Aged out");
		};
	}

	private static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept(new Coding(system, code, display));
	}

	private static void criterion(ImmunizationRecommendationRecommendationComponent r, String code, String display, LocalDate date) {
		if (date != null) {
			r.addDateCriterion().setCode(concept(LOINC, code, display))
					.setValueElement(new DateTimeType(date.toString()));
		}
	}
}
