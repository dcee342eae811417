package vn.sskdt.profiles;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.time.LocalDate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * The gate of the national record: every resource a client creates, updates or patches, alone or
 * inside a transaction, is validated before it is stored, against the profiles it declares or,
 * when it declares none of ours, against our profile for its type (which it then declares). Any
 * error refuses the write with 422 and an OperationOutcome; inside a transaction that rolls back
 * every entry.
 *
 * <p>Written here rather than HAPI's RepositoryValidatingInterceptor because that one answers 412 and
 * only checks profiles a resource already declares.
 */
@Component
public class ProfileEnforcer implements FhirServerInterceptor {

	private final FhirValidator validator;
	private final boolean enforced;
	private final Map<String, String> defaultProfiles = new HashMap<>();
	private final Map<String, String> observationProfiles = new HashMap<>();
	private final String ourCanonical;
	private final DaoRegistry daoRegistry;
	/** What validating a transaction costs: wall time, and the CPU time of the thread that validated it. */
	private final Timer transactionTime;
	private final Timer transactionCpu;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** Request user-data key: the resources of this request's transaction already validated. */
	private static final String VALIDATED = ProfileEnforcer.class.getName() + ".validated";

	/** Message id of the rules written here rather than in the profiles. */
	private static final String OWN_RULE = "sskdt-rule";

	public ProfileEnforcer(
			FhirValidator profileValidator,
			NpmPackageValidationSupport profiles,
			ProfilesProperties properties,
			DaoRegistry daoRegistry,
			MeterRegistry meters) {
		this.validator = profileValidator;
		this.transactionTime = Timer.builder("sskdt.profiles.validation")
				.description("Time to validate a transaction Bundle's resources and envelope").register(meters);
		// the CPU of the validating thread alone: on a busy server the wall time includes waiting for a core
		this.transactionCpu = Timer.builder("sskdt.profiles.validation.cpu")
				.description("CPU time of the thread validating a transaction Bundle").register(meters);
		this.daoRegistry = daoRegistry;
		this.enforced = properties.enforced();
		Map<String, String> urlsById = new HashMap<>();
		for (IBaseResource definition : profiles.fetchAllStructureDefinitions()) {
			StructureDefinition sd = (StructureDefinition) definition;
			urlsById.put(sd.getIdElement().getIdPart(), sd.getUrl());
		}
		String anyUrl = urlsById.values().iterator().next();
		this.ourCanonical = anyUrl.substring(0, anyUrl.indexOf("/StructureDefinition/"));
		properties.defaultProfiles().forEach((type, id) -> defaultProfiles.put(type, urlOf(urlsById, id)));
		for (ProfilesProperties.ObservationProfile p : properties.observationProfiles()) {
			// our own code systems are named relative to the package's canonical, kept in sushi-config.yaml
			String code = p.code().startsWith("http") ? p.code() : ourCanonical + "/" + p.code();
			observationProfiles.put(code, urlOf(urlsById, p.profile()));
		}
	}

	/**
	 * A transaction's resources are validated before HAPI processes any entry, all of them, so that
	 * one answer lists every problem of the transaction ({@link ProfileValidators#validateTransaction}:
	 * entry by entry, then the envelope). Entries validated here are not validated again when stored.
	 */
	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	public void beforeTransaction(RequestDetails request, IBaseBundle transaction) {
		if (!enforced || request == null || request instanceof SystemRequestDetails
				|| !(transaction instanceof Bundle bundle) || bundle.getType() != Bundle.BundleType.TRANSACTION) {
			return;
		}
		Set<IBaseResource> validated = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() != null && !(entry.getResource() instanceof Parameters)) {
				declareDefaultProfile(entry.getResource());
				validated.add(entry.getResource());
			}
		}
		long wall = System.nanoTime();
		long cpu = THREADS.getCurrentThreadCpuTime();
		List<SingleValidationMessage> errors =
				errors(ProfileValidators.validateTransaction(validator, request.getFhirContext(), bundle));
		transactionCpu.record(THREADS.getCurrentThreadCpuTime() - cpu, TimeUnit.NANOSECONDS);
		transactionTime.record(System.nanoTime() - wall, TimeUnit.NANOSECONDS);
		if (!errors.isEmpty()) {
			throw new UnprocessableEntityException(request.getFhirContext(), outcome(bundle, errors));
		}
		request.getUserData().put(VALIDATED, validated);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		enforce(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		enforce(resource, request);
	}

	private void enforce(IBaseResource resource, RequestDetails request) {
		// the server's own writes (audit trail, facts, HAPI internals) are not client input
		if (!enforced || request == null || request instanceof SystemRequestDetails) {
			return;
		}
		Object validatedInTransaction = request.getUserData().get(VALIDATED);
		List<SingleValidationMessage> errors = new ArrayList<>();
		if (!(validatedInTransaction instanceof Set<?> validated && validated.contains(resource))) {
			declareDefaultProfile((Resource) resource);
			ValidationOptions options = new ValidationOptions();
			// named explicitly: given the object, the validator ignores meta.profile in this server
			((Resource) resource).getMeta().getProfile().forEach(p -> options.addProfileIfNotBlank(p.getValue()));
			errors.addAll(errors(validator.validateWithResult(resource, options).getMessages()));
		}
		if (resource instanceof Immunization immunization) {
			vaccinatedBeforeBirth(immunization, request).ifPresent(errors::add);
		}
		if (!errors.isEmpty()) {
			throw new UnprocessableEntityException(request.getFhirContext(), outcome(resource, errors));
		}
	}

	/**
	 * A rule across two resources, which profiles cannot state: a dose is not given before birth. The
	 * resident is read in the same database transaction, so one created earlier in the same
	 * transaction Bundle counts.
	 */
	private Optional<SingleValidationMessage> vaccinatedBeforeBirth(Immunization immunization, RequestDetails request) {
		if (!immunization.hasOccurrenceDateTimeType() || !immunization.getPatient().hasReference()) {
			return Optional.empty();
		}
		IIdType patientId = immunization.getPatient().getReferenceElement();
		if (!"Patient".equals(patientId.getResourceType()) || !patientId.hasIdPart() || patientId.isAbsolute()) {
			return Optional.empty();
		}
		Patient patient;
		try {
			patient = (Patient) daoRegistry.getResourceDao("Patient").read(patientId.toUnqualifiedVersionless(), request);
		} catch (ResourceNotFoundException | ResourceGoneException notYetStored) {
			// stored later in the same transaction (HAPI orders entries by verb): nothing to compare yet
			return Optional.empty();
		}
		if (!patient.hasBirthDate()) {
			return Optional.empty();
		}
		LocalDate born = patient.getBirthDateElement().getValueAsCalendar().toZonedDateTime().toLocalDate();
		LocalDate given = immunization.getOccurrenceDateTimeType().getValueAsCalendar().toZonedDateTime().toLocalDate();
		if (!given.isBefore(born)) {
			return Optional.empty();
		}
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setMessageId(OWN_RULE);
		message.setLocationString("Immunization.occurrence");
		message.setMessage("Ngày tiêm " + given + " trước ngày sinh " + born + " / Vaccination date " + given
				+ " is before the birth date " + born);
		return Optional.of(message);
	}

	private static List<SingleValidationMessage> errors(List<SingleValidationMessage> messages) {
		return new ArrayList<>(messages.stream()
				.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
				.toList());
	}

	private void declareDefaultProfile(Resource resource) {
		boolean declaresOurs = resource.getMeta().getProfile().stream()
				.map(CanonicalType::getValue)
				.anyMatch(url -> url != null && url.startsWith(ourCanonical + "/"));
		if (declaresOurs) {
			return;
		}
		String profile = resource instanceof Observation observation
				? observationProfile(observation)
				: defaultProfiles.get(resource.fhirType());
		if (profile != null) {
			resource.getMeta().addProfile(profile);
		}
	}

	private String observationProfile(Observation observation) {
		for (Coding coding : observation.getCode().getCoding()) {
			String profile = observationProfiles.get(coding.getSystem() + "|" + coding.getCode());
			if (profile != null) {
				return profile;
			}
		}
		return null; // an observation we have no profile for: held to the base specification
	}

	private static OperationOutcome outcome(IBaseResource resource, List<SingleValidationMessage> errors) {
		OperationOutcome outcome = new OperationOutcome();
		for (SingleValidationMessage error : errors) {
			OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
					.setSeverity(error.getSeverity() == ResultSeverityEnum.FATAL
							? OperationOutcome.IssueSeverity.FATAL
							: OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics(OWN_RULE.equals(error.getMessageId())
							? error.getMessage() // already Vietnamese / English
							: ValidationMessages.forStationStaff(error.getMessage()));
			if (error.getLocationString() != null) {
				issue.addExpression(error.getLocationString());
				issue.addLocation(error.getLocationString());
			}
		}
		return outcome;
	}

	private static String urlOf(Map<String, String> urlsById, String id) {
		String url = urlsById.get(id);
		if (url == null) {
			throw new IllegalStateException("Profile '" + id + "' named in sskdt.profiles is not in the FHIR package");
		}
		return url;
	}
}
