package vn.sskdt.citizen;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import vn.sskdt.audit.PatientListAudit;
import vn.sskdt.config.FhirOperationProvider;
import vn.sskdt.security.Caller;
import vn.sskdt.security.Role;

/**
 * {@code GET Patient/$immds-due?month=YYYY-MM}: the station's work list, the children of its commune
 * with a dose due or overdue at the end of that month, each as their forecast reduced to those doses,
 * with the child's Patient (search mode include) so the list can be printed. Station staff get their own
 * commune (from the token; another commune is 403); system and admin callers name it with {@code commune}.
 * Who may call it at all is decided in {@code security/AccessRules}; the commune rules apply to every
 * entry of the answer as to any read.
 *
 * <p>Children are residents under {@value #CHILD_YEARS} at the end of the month: the schedule's last dose
 * (JE 3) is due at 2 years, and late doses stay on the list as overdue until they age out.
 */
@Component
public class DueThisMonth implements FhirOperationProvider {

	static final int CHILD_YEARS = 6;

	private final DaoRegistry daos;
	private final ImmunizationForecastOperation forecasts;
	private final PatientListAudit audit;

	DueThisMonth(DaoRegistry daos, ImmunizationForecastOperation forecasts, PatientListAudit audit) {
		this.daos = daos;
		this.forecasts = forecasts;
		this.audit = audit;
	}

	@Operation(name = "$immds-due", idempotent = true, type = Patient.class, bundleType = ca.uhn.fhir.model.valueset.BundleTypeEnum.SEARCHSET)
	public Bundle dueThisMonth(
			@OperationParam(name = "month", min = 1, max = 1) StringType month,
			@OperationParam(name = "commune", min = 0, max = 1) StringType commune,
			ca.uhn.fhir.rest.api.server.RequestDetails request) {
		LocalDate end = endOf(month);
		String communeCode = commune(commune);
		SearchParameterMap children = SearchParameterMap.newSynchronous()
				.add("commune", new TokenParam(communeCode))
				.add(Patient.SP_BIRTHDATE, new DateParam(ParamPrefixEnum.GREATERTHAN, end.minusYears(CHILD_YEARS).toString()))
				.add(Patient.SP_BIRTHDATE, new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, end.toString()));
		Bundle list = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		// the station's own residents, found as the server: each entry still passes the caller's read rules
		for (IBaseResource resource : daos.getResourceDao(Patient.class).search(children, new SystemRequestDetails()).getAllResources()) {
			Patient child = (Patient) resource;
			if (child.getBirthDateElement().getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
				continue;
			}
			// prepared after the child's last change and re-dated: the list of a commune reads no vaccinations
			ImmunizationRecommendation forecast = forecasts.preparedOrMade(child, end);
			forecast.getRecommendation().removeIf(r -> !ImmunizationForecastOperation.dueOrOverdue(r));
			if (!forecast.getRecommendation().isEmpty()) {
				list.addEntry().setResource(forecast).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
				list.addEntry().setResource(child).setFullUrl(child.getIdElement().toUnqualifiedVersionless().getValue())
						.getSearch().setMode(Bundle.SearchEntryMode.INCLUDE);
			}
		}
		list.setTotal((int) list.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH).count());
		// each child listed is in their own audit trail (BALP does not audit operations)
		audit.listed(request, "Danh sách tiêm chủng đến hạn / Vaccinations due: " + month.getValue() + " " + communeCode,
				list.getEntry().stream().filter(e -> e.getResource() instanceof Patient)
						.map(e -> e.getResource().getIdElement().getIdPart()).toList());
		return list;
	}

	private static LocalDate endOf(StringType month) {
		try {
			return YearMonth.parse(month.getValue()).atEndOfMonth();
		} catch (DateTimeParseException | NullPointerException e) {
			throw new InvalidRequestException("month phải có dạng YYYY-MM / month must be YYYY-MM");
		}
	}

	private static String commune(StringType asked) {
		String requested = asked == null ? null : asked.getValue();
		Caller caller = Caller.current().orElseThrow(() -> new ForbiddenOperationException("no caller"));
		if (caller.is(Role.STATION_STAFF)) {
			if (requested != null && !requested.equals(caller.commune())) {
				throw new ForbiddenOperationException("Chỉ xem danh sách xã của trạm / Only your station's commune");
			}
			return caller.commune();
		}
		if (requested == null || !requested.matches("[0-9]{5}")) {
			throw new InvalidRequestException("commune (5 chữ số) là bắt buộc / commune (5 digits) is required");
		}
		return requested;
	}
}
