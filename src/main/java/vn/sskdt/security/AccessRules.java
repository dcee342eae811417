package vn.sskdt.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirServerInterceptor;
import vn.sskdt.security.SmartScopes.Context;
import vn.sskdt.security.SmartScopes.Permission;

/**
 * Token → HAPI authorization rules, per request. Each role has the resource types and operations it
 * may use at most; the token's SMART scopes narrow that further (the intersection applies). Anything
 * not granted here is refused with 403 (HAPI's default-deny policy). Finer limits that rules cannot
 * express are in {@link CitizenSearchNarrowing} (a citizen's searches stay in their own records) and
 * {@link CommuneScope} (station staff see and write their commune's residents only).
 */
@Component
@Interceptor(order = AccessRules.ORDER)
public class AccessRules extends AuthorizationInterceptor implements FhirServerInterceptor {

	/** before validation and audit: a refused request costs nothing else */
	public static final int ORDER = -100;

	/** Reference data any signed-in caller may read: facilities, definitions, terminology. */
	static final List<String> PUBLIC_TYPES = List.of(
			"Organization", "Location", "HealthcareService", "Measure", "Library", "PlanDefinition",
			"ActivityDefinition", "Questionnaire", "CodeSystem", "ValueSet", "ConceptMap", "NamingSystem",
			"StructureDefinition", "SearchParameter", "OperationDefinition", "ImplementationGuide");

	/** What a commune station records about its residents. */
	static final List<String> STATION_TYPES = List.of(
			"Patient", "RelatedPerson", "Encounter", "EpisodeOfCare", "Observation", "Condition", "Procedure",
			"DiagnosticReport", "ServiceRequest", "AllergyIntolerance", "MedicationStatement", "MedicationRequest",
			"FamilyMemberHistory", "Flag", "Immunization", "ImmunizationRecommendation", "ImmunizationEvaluation",
			"CarePlan", "Appointment", "Coverage", "Composition", "DocumentReference", "Provenance", "Consent",
			"QuestionnaireResponse");

	/** Operations on one person's record, allowed wherever reading that record is. */
	static final List<String> RECORD_OPERATIONS = List.of("$everything", "$summary", "$immds-forecast");

	/**
	 * "Who looked at my book" (audit/AccessLogOperation): the citizen's and their guardians' only. Staff and
	 * analysts are not given it; system and admin tokens reach it through their operation rules.
	 */
	static final String ACCESS_LOG = "$access-log";

	/** Children of the station's commune with a vaccination due or overdue in a month (citizen/DueThisMonth). */
	static final String STATION_DUE_LIST = "$immds-due";

	/** Coverage indicators (indicators/IndicatorOperations), which checks the area each caller may ask for. */
	static final List<String> INDICATOR_OPERATIONS = List.of("$evaluate-measure", "$indicator-table");

	/** The operations a system or admin token that may only read can run: none of them stores anything. */
	static final List<String> READ_OPERATIONS = Stream.of(
			RECORD_OPERATIONS, INDICATOR_OPERATIONS, List.of(ACCESS_LOG, STATION_DUE_LIST, "$validate", "$meta"))
			.flatMap(List::stream).toList();

	private final CitizenRecords citizenRecords;
	private final FhirContext fhirContext;

	AccessRules(CitizenRecords citizenRecords, FhirContext fhirContext) {
		super(PolicyEnum.DENY);
		this.citizenRecords = citizenRecords;
		this.fhirContext = fhirContext;
	}

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		IAuthRuleBuilder rules = new RuleBuilder();
		rules.allow("capability statement").metadata().andThen();
		Optional<Caller> caller = Caller.current();
		if (caller.isEmpty() || caller.get().role().isEmpty()) {
			return rules.denyAll("no usable role in the token").build();
		}
		Caller who = caller.get();
		SmartScopes scopes = who.scopes();
		Context context = who.role().get().context();
		for (String type : PUBLIC_TYPES) {
			rules.allow("reference data").read().resourcesOfType(type).withAnyId().andThen();
		}
		switch (who.role().get()) {
			case CITIZEN -> citizen(rules, who, request);
			case STATION_STAFF -> station(rules, scopes, context);
			case ANALYST -> analyst(rules, scopes, context);
			case SYSTEM -> anyType(rules, scopes, context, false);
			case ADMIN -> anyType(rules, scopes, context, true);
		}
		return rules.denyAll("not granted to this role and scopes").build();
	}

	private void citizen(IAuthRuleBuilder rules, Caller citizen, RequestDetails request) {
		List<IIdType> books = citizenRecords.readableBy(citizen, request);
		if (books.isEmpty()) {
			return; // no health book (yet): nothing personal to read
		}
		SmartScopes scopes = citizen.scopes();
		if (scopes.permits(Context.PATIENT, SmartScopes.ANY_TYPE, Permission.READ)
				|| scopes.permits(Context.PATIENT, SmartScopes.ANY_TYPE, Permission.SEARCH)) {
			rules.allow("own health books").read().allResources().inCompartment("Patient", books).andThen();
		} else {
			for (String type : fhirContext.getResourceTypes()) {
				if (readable(scopes, Context.PATIENT, type)) {
					rules.allow("own health books, " + type).read().resourcesOfType(type)
							.inCompartment("Patient", books).andThen();
				}
			}
		}
		if (readable(scopes, Context.PATIENT, "Patient")) {
			for (String operation : RECORD_OPERATIONS) {
				rules.allow(operation).operation().named(operation).onInstances(books)
						.andRequireExplicitResponseAuthorization().andThen();
			}
		}
		if (readable(scopes, Context.PATIENT, "AuditEvent")) {
			// the answer is a List built from this book's own AuditEvents only
			rules.allow(ACCESS_LOG).operation().named(ACCESS_LOG).onInstances(books).andAllowAllResponses().andThen();
		}
	}

	private void station(IAuthRuleBuilder rules, SmartScopes scopes, Context context) {
		boolean writes = false;
		for (String type : STATION_TYPES) {
			// stations correct a record (status entered-in-error), they never delete it
			writes |= grant(rules, scopes, context, type, EnumSet.complementOf(EnumSet.of(Permission.DELETE)));
		}
		if (writes) {
			rules.allow("check-up submissions").transaction().withAnyOperation().andApplyNormalRules().andThen();
		}
		if (readable(scopes, context, "Patient")) {
			for (String operation : RECORD_OPERATIONS) {
				rules.allow(operation).operation().named(operation).onInstancesOfType(Patient.class)
						.andRequireExplicitResponseAuthorization().andThen();
			}
			// the station's work list: children of its commune due or overdue (the commune comes from the token)
			rules.allow(STATION_DUE_LIST).operation().named(STATION_DUE_LIST).onType(Patient.class)
					.andRequireExplicitResponseAuthorization().andThen();
		}
		rules.allow("validation").operation().named("$validate").onAnyType().andAllowAllResponses().andThen();
		if (readable(scopes, context, "Measure")) {
			indicators(rules); // their own commune only: IndicatorOperations checks the area
		}
	}

	private void analyst(IAuthRuleBuilder rules, SmartScopes scopes, Context context) {
		if (readable(scopes, context, "MeasureReport")) {
			rules.allow("reports").read().resourcesOfType("MeasureReport").withAnyId().andThen();
		}
		if (readable(scopes, context, "Measure")) {
			indicators(rules); // their jurisdiction only, counts only: IndicatorOperations checks the area
		}
	}

	/** The indicator operations; which area a caller may ask for is checked by the operations themselves. */
	private static void indicators(IAuthRuleBuilder rules) {
		for (String operation : INDICATOR_OPERATIONS) {
			rules.allow("indicators").operation().named(operation).onType(Measure.class).andAllowAllResponses().andThen();
		}
		rules.allow("indicators").operation().named("$evaluate-measure").onInstancesOfType(Measure.class)
				.andAllowAllResponses().andThen();
	}

	/** System accounts and administrators: every type, as far as the scopes go. Only admins edit the audit trail. */
	private void anyType(IAuthRuleBuilder rules, SmartScopes scopes, Context context, boolean admin) {
		boolean writes = false;
		for (String type : fhirContext.getResourceTypes()) {
			if ("AuditEvent".equals(type) && !admin) {
				if (readable(scopes, context, type)) {
					rules.allow("audit trail").read().resourcesOfType(type).withAnyId().andThen();
				}
				continue;
			}
			writes |= grant(rules, scopes, context, type, EnumSet.allOf(Permission.class));
		}
		if (writes) {
			rules.allow("transactions").transaction().withAnyOperation().andApplyNormalRules().andThen();
		}
		if (!readable(scopes, context, SmartScopes.ANY_TYPE)) {
			return;
		}
		// Any operation only for a token that may create and update every type: HAPI's operations include
		// some that change what is stored ($meta-add, reindexing, our fact rebuild) and the import job, which
		// stores as the server past these rules and the profile gate. A token that may only read runs the
		// operations that only read; anything else (new operations included) is refused by default.
		Set<Permission> onAnyType = scopes.permissions(context, SmartScopes.ANY_TYPE);
		if (onAnyType.contains(Permission.CREATE) && onAnyType.contains(Permission.UPDATE)) {
			rules.allow("operations").operation().withAnyName().atAnyLevel()
					.andRequireExplicitResponseAuthorization().andThen();
		} else {
			for (String operation : READ_OPERATIONS) {
				rules.allow("operations that read").operation().named(operation).atAnyLevel()
						.andRequireExplicitResponseAuthorization().andThen();
			}
		}
	}

	/** Grants what both role and scopes allow on {@code type}; true when some write was granted. */
	private static boolean grant(
			IAuthRuleBuilder rules, SmartScopes scopes, Context context, String type, Set<Permission> roleAllows) {
		Set<Permission> granted = scopes.permissions(context, type);
		granted.retainAll(roleAllows);
		if (granted.contains(Permission.READ) || granted.contains(Permission.SEARCH)) {
			rules.allow("read " + type).read().resourcesOfType(type).withAnyId();
		}
		boolean writes = false;
		if (granted.contains(Permission.UPDATE)) {
			rules.allow("write " + type).write().resourcesOfType(type).withAnyId();
			rules.allow("conditional update " + type).updateConditional().resourcesOfType(type).andThen();
			writes = true;
		}
		if (granted.contains(Permission.CREATE)) {
			rules.allow("create " + type).create().resourcesOfType(type).withAnyId();
			rules.allow("conditional create " + type).createConditional().resourcesOfType(type).andThen();
			writes = true;
		}
		// a lifelong health book is never deleted: a Patient is corrected, marked inactive or merged. This
		// also keeps the audit trail, which names Patients by reference, intact.
		if (granted.contains(Permission.DELETE) && !"Patient".equals(type)) {
			rules.allow("delete " + type).delete().resourcesOfType(type).withAnyId();
			writes = true;
		}
		return writes;
	}

	private static boolean readable(SmartScopes scopes, Context context, String type) {
		return scopes.permits(context, type, Permission.READ) || scopes.permits(context, type, Permission.SEARCH);
	}
}
