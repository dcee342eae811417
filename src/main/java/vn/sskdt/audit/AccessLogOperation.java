package vn.sskdt.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.springframework.stereotype.Component;
import vn.sskdt.citizen.CitizenProperties;
import vn.sskdt.config.FhirOperationProvider;
import vn.sskdt.config.RequestLanguage;
import vn.sskdt.security.Caller;

/**
 * {@code GET Patient/{id}/$access-log[?_count=N]}: "who looked at my book" for a citizen's app, as a
 * FHIR {@code List} of the book's AuditEvents, newest first, each entry a sentence in Vietnamese (English
 * when {@code Accept-Language} prefers it) with its local time and whether the access was allowed; the
 * same lines as the List's narrative. Who may call it is {@code security/AccessRules}' decision (the
 * citizen on their own book and their minor children's). Nothing is stored and the call is not itself
 * audited: reading one's own log would otherwise grow it at every look.
 */
@Component
public class AccessLogOperation implements FhirOperationProvider {

	public static final String NAME = "$access-log";
	static final String LIST_CODE_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-list-code";
	static final String OUTCOME_SYSTEM = "http://hl7.org/fhir/audit-event-outcome";
	static final int DEFAULT_COUNT = 100;
	static final int MAX_COUNT = 1000;

	private final DaoRegistry daos;
	private final CitizenProperties citizen;
	private final AuditTrail trail;

	AccessLogOperation(DaoRegistry daos, CitizenProperties citizen, AuditTrail trail) {
		this.daos = daos;
		this.citizen = citizen;
		this.trail = trail;
	}

	@Operation(name = NAME, idempotent = true, type = Patient.class)
	public ListResource accessLog(
			@IdParam IdType patientId,
			@OperationParam(name = "_count", min = 0, max = 1) IntegerType count,
			RequestDetails request) {
		int limit = count == null || count.getValue() == null ? DEFAULT_COUNT : count.getValue();
		if (limit < 1 || limit > MAX_COUNT) {
			throw new InvalidRequestException(
					"_count phải từ 1 đến " + MAX_COUNT + " / _count must be between 1 and " + MAX_COUNT);
		}
		String patient = "Patient/" + patientId.getIdPart();
		// the Patient must exist (404 otherwise); access to it was decided by the rules before this call
		daos.getResourceDao(Patient.class).read(new IdType(patient), new SystemRequestDetails());

		boolean english = RequestLanguage.prefersEnglish(request.getHeader("Accept-Language"));
		String viewer = Caller.current().map(Caller::subject).orElse("");
		Map<String, Optional<String>> facilities = new HashMap<>();
		AccessLogLines lines = new AccessLogLines(english, citizen.timeZone(), viewer,
				code -> facilities.computeIfAbsent(code, this::facilityName));

		ListResource log = new ListResource();
		log.setStatus(ListResource.ListStatus.CURRENT);
		log.setMode(ListResource.ListMode.SNAPSHOT);
		log.setLanguage(english ? "en" : "vi");
		log.setTitle(lines.word("title"));
		log.getCode().addCoding(new Coding(LIST_CODE_SYSTEM, "access-log", "Nhật ký truy cập sổ sức khỏe / Health book access log"));
		log.setSubject(new Reference(patient));
		log.setDateElement(local(new Date()));

		XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
		div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
		div.setAttribute("lang", log.getLanguage());
		div.setAttribute("xml:lang", log.getLanguage());
		XhtmlNode list = div.addTag("ul");
		for (AuditEvent event : events(patient, limit)) {
			AccessLogLines.Line line = lines.line(event);
			ListResource.ListEntryComponent entry = log.addEntry();
			entry.setDateElement(local(Date.from(line.when().toInstant())));
			entry.setItem(new Reference("AuditEvent/" + event.getIdElement().getIdPart()).setDisplay(line.text()));
			entry.setFlag(new CodeableConcept(line.allowed()
					? new Coding(OUTCOME_SYSTEM, "0", "Success")
					: new Coding(OUTCOME_SYSTEM, event.getOutcome().toCode(), event.getOutcome().getDisplay()))
					.setText(lines.word(line.allowed() ? "outcome.allowed" : "outcome.refused")));
			list.addTag("li").addText(line.text());
		}
		if (log.getEntry().isEmpty()) {
			log.getEmptyReason().addCoding(
					new Coding("http://terminology.hl7.org/CodeSystem/list-empty-reason", "nilknown", "Nil Known"));
			div.getChildNodes().clear();
			div.addTag("p").addText(lines.word("empty"));
		}
		log.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDiv(div);
		return log;
	}

	/** The book's AuditEvents, newest first; the caller's access was decided before. */
	private List<AuditEvent> events(String patient, int limit) {
		return trail.search(AuditTrail.Query.ofPatient(patient.substring("Patient/".length())), 0, limit);
	}

	/** The station's name when its Organization (by facility code) is in the server: public reference data. */
	private Optional<String> facilityName(String code) {
		SearchParameterMap map = SearchParameterMap.newSynchronous()
				.add(Organization.SP_IDENTIFIER, new TokenParam(PersonDataAudit.FACILITY_SYSTEM, code));
		List<IBaseResource> found = daos.getResourceDao(Organization.class).search(map, new SystemRequestDetails())
				.getResources(0, 1);
		return found.stream().map(Organization.class::cast).filter(Organization::hasName).map(Organization::getName).findFirst();
	}

	private DateTimeType local(Date instant) {
		DateTimeType value = new DateTimeType(instant, TemporalPrecisionEnum.SECOND);
		value.setTimeZone(TimeZone.getTimeZone(citizen.timeZone()));
		return value;
	}
}
