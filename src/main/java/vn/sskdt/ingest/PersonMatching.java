package vn.sskdt.ingest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * Stations find the resident by personal ID (conditional create or update on
 * {@code Patient?identifier=<cccd system>|<cccd>}). The ID alone decides who the person is, so a
 * submission that carries a known ID with another birth date or sex is two people claiming one ID or
 * a typing mistake: it is refused with 409 and nothing of it is stored, never merged silently. A real
 * correction of birth date or sex is an explicit update of that record ({@code PUT Patient/{id}}).
 * See docs/submitting-checkups.md for all matching rules.
 */
@Component
@Interceptor(order = 50) // after access rules and profile validation: invalid data is a 422 first
class PersonMatching implements FhirServerInterceptor {

	static final String CCCD_SYSTEM = "http://fhir.hl7.org.vn/core/sid/cccd";

	private final DaoRegistry daos;

	PersonMatching(DaoRegistry daos) {
		this.daos = daos;
	}

	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	void transaction(RequestDetails request, IBaseBundle bundle) {
		if (request instanceof SystemRequestDetails || !(bundle instanceof Bundle transaction)) {
			return;
		}
		List<Bundle.BundleEntryComponent> entries = transaction.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Bundle.BundleEntryComponent entry = entries.get(i);
			if (!(entry.getResource() instanceof Patient submitted)) {
				continue;
			}
			boolean conditionalUpdate = entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT
					&& entry.getRequest().getUrl().contains("?");
			boolean conditionalCreate = entry.getRequest().getMethod() == Bundle.HTTPVerb.POST
					&& entry.getRequest().hasIfNoneExist();
			if (conditionalUpdate || conditionalCreate) {
				check(submitted, "Bundle.entry[" + i + "].resource");
			}
		}
	}

	/** A single conditional update ({@code PUT Patient?identifier=…}) outside a transaction. */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	void update(IBaseResource stored, IBaseResource submitted, RequestDetails request) {
		if (request == null || request instanceof SystemRequestDetails
				|| request.getRestOperationType() != RestOperationTypeEnum.UPDATE
				|| request.getConditionalUrl(RestOperationTypeEnum.UPDATE) == null
				|| !(stored instanceof Patient before) || !(submitted instanceof Patient after)) {
			return;
		}
		compare(before, after, "Patient");
	}

	private void check(Patient submitted, String location) {
		String cccd = submitted.getIdentifier().stream()
				.filter(id -> CCCD_SYSTEM.equals(id.getSystem()))
				.map(Identifier::getValue).filter(Objects::nonNull).findFirst().orElse(null);
		if (cccd == null) {
			return; // the profile requires one: validation answers that
		}
		SearchParameterMap byPersonalId =
				SearchParameterMap.newSynchronous().add("identifier", new TokenParam(CCCD_SYSTEM, cccd));
		for (IBaseResource known : daos.getResourceDao("Patient").search(byPersonalId, new SystemRequestDetails()).getAllResources()) {
			compare((Patient) known, submitted, location);
		}
	}

	private static void compare(Patient known, Patient submitted, String location) {
		if (known.hasBirthDate() && submitted.hasBirthDate()
				&& !known.getBirthDateElement().getValueAsString().equals(submitted.getBirthDateElement().getValueAsString())) {
			throw conflict(location + ".birthDate",
					"Số định danh này đã thuộc một người có ngày sinh khác; nếu là sửa sai, cập nhật trực tiếp PUT Patient/{id}"
							+ " / This personal ID belongs to a person with another birth date; to correct it, update PUT Patient/{id}");
		}
		if (known.hasGender() && submitted.hasGender() && known.getGender() != submitted.getGender()) {
			throw conflict(location + ".gender",
					"Số định danh này đã thuộc một người có giới tính khác; nếu là sửa sai, cập nhật trực tiếp PUT Patient/{id}"
							+ " / This personal ID belongs to a person of another sex; to correct it, update PUT Patient/{id}");
		}
	}

	private static ResourceVersionConflictException conflict(String location, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.CONFLICT).setDiagnostics(message)
				.addExpression(location).addLocation(location);
		return new ResourceVersionConflictException(message, outcome);
	}
}
