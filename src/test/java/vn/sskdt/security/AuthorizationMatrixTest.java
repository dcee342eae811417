package vn.sskdt.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.TestTokens;

/**
 * Who may do what: every role against every class of operation, on their own record, a record of
 * their commune and a record elsewhere, each request with a real signed token through HTTP. "empty"
 * means 200 with a Bundle holding no entries: the designed answer where a 403 would reveal that a
 * record exists.
 */
class AuthorizationMatrixTest extends FhirServerTest {

	enum Who {
		ANONYMOUS, CITIZEN, PARENT, CITIZEN_WITHOUT_RECORD, STAFF_SAME_COMMUNE, STAFF_OTHER_COMMUNE, ANALYST,
		SYSTEM_READ, SYSTEM_WRITE, ADMIN, UNKNOWN_ROLE, CITIZEN_OBSERVATIONS_ONLY, STAFF_READ_ONLY, CITIZEN_ROLE_WITH_USER_SCOPES
	}

	static final int EMPTY = -200; // 200 and no entries
	static final int SOME = 2000; // 200 and at least one entry

	record Case(Who who, String what, String method, Function<HealthBooks, String> path,
			Function<HealthBooks, String> body, int expected) {
		@Override
		public String toString() {
			return who + " " + what + " -> " + (expected == EMPTY ? "empty" : expected == SOME ? "200+" : expected);
		}
	}

	private static HealthBooks books;

	@BeforeEach
	void healthBooks() {
		if (books == null) {
			books = new HealthBooks(fhir);
		}
	}

	static String token(Who who, HealthBooks books) {
		return switch (who) {
			case ANONYMOUS -> null;
			case CITIZEN -> TestTokens.citizen(books.resident.cccd());
			case PARENT -> TestTokens.citizen(books.parent.cccd());
			case CITIZEN_WITHOUT_RECORD -> TestTokens.citizen(books.strangerCccd);
			case STAFF_SAME_COMMUNE -> TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
			case STAFF_OTHER_COMMUNE -> TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA);
			case ANALYST -> TestTokens.analyst("46");
			case SYSTEM_READ -> TestTokens.system("system/*.rs");
			case SYSTEM_WRITE -> TestTokens.system("system/*.cruds");
			case ADMIN -> TestTokens.admin();
			case UNKNOWN_ROLE -> TestTokens.token("nurse", "sskdt-station-app", "user/*.cruds", Map.of());
			case CITIZEN_OBSERVATIONS_ONLY -> TestTokens.token("citizen", "sskdt-citizen-app", "openid patient/Observation.rs",
					Map.of("cccd", books.resident.cccd()));
			case STAFF_READ_ONLY -> TestTokens.token("station-staff", "sskdt-station-app", "openid user/*.rs",
					Map.of("facility", HealthBooks.STATION_THUAN_HOA, "commune", HealthBooks.THUAN_HOA));
			// the role says citizen, the scopes ask for staff powers: no role applies
			case CITIZEN_ROLE_WITH_USER_SCOPES -> TestTokens.token("citizen", "sskdt-station-app", "openid user/*.cruds",
					Map.of("cccd", books.resident.cccd()));
		};
	}

	static Stream<Case> cases() {
		List<Case> c = new ArrayList<>();
		// anonymous: only discovery
		c.add(get(Who.ANONYMOUS, "capability statement", b -> "/fhir/metadata", 200));
		c.add(get(Who.ANONYMOUS, "SMART configuration", b -> "/fhir/.well-known/smart-configuration", 200));
		c.add(get(Who.ANONYMOUS, "read a Patient", b -> patient(b.resident), 401));
		c.add(get(Who.ANONYMOUS, "search by personal ID", b -> byCccd(b.resident.cccd()), 401));
		c.add(post(Who.ANONYMOUS, "create an Observation", b -> "/fhir/Observation", b -> height(b.resident), 401));
		c.add(post(Who.ANONYMOUS, "transaction", b -> "/fhir", b -> transaction(b.resident), 401));
		c.add(get(Who.ANONYMOUS, "metrics", b -> "/actuator/prometheus", 401));

		// citizen: own book only, no writes
		c.add(get(Who.CITIZEN, "read own Patient", b -> patient(b.resident), 200));
		c.add(get(Who.CITIZEN, "read own Observation", b -> "/fhir/Observation/" + b.resident.observation().getIdPart(), 200));
		c.add(get(Who.CITIZEN, "search own Observations", b -> "/fhir/Observation?patient=" + b.resident.id(), SOME));
		c.add(get(Who.CITIZEN, "search all Observations (narrowed to own)", b -> "/fhir/Observation", SOME));
		c.add(get(Who.CITIZEN, "own history", b -> patient(b.resident) + "/_history", SOME));
		c.add(get(Who.CITIZEN, "own $everything", b -> patient(b.resident) + "/$everything", SOME));
		c.add(get(Who.CITIZEN, "own $summary", b -> patient(b.resident) + "/$summary", 200));
		c.add(get(Who.CITIZEN, "read other commune's Patient", b -> patient(b.neighbour), 403));
		c.add(get(Who.CITIZEN, "read a child not theirs", b -> patient(b.child), 403));
		c.add(get(Who.CITIZEN, "other's history", b -> patient(b.neighbour) + "/_history", 403));
		c.add(get(Who.CITIZEN, "other's $everything", b -> patient(b.neighbour) + "/$everything", 403));
		c.add(get(Who.CITIZEN, "other's $summary", b -> patient(b.neighbour) + "/$summary", 403));
		c.add(get(Who.CITIZEN, "search other's ID (exists)", b -> byCccd(b.neighbour.cccd()), EMPTY));
		c.add(get(Who.CITIZEN, "search other's ID (does not exist)", b -> byCccd(b.strangerCccd), EMPTY));
		c.add(get(Who.CITIZEN, "search other's Observations", b -> "/fhir/Observation?patient=" + b.neighbour.id(), 403));
		c.add(post(Who.CITIZEN, "create an Observation for self", b -> "/fhir/Observation", b -> height(b.resident), 403));
		c.add(put(Who.CITIZEN, "update own Patient", b -> patient(b.resident), b -> null, 403));
		c.add(delete(Who.CITIZEN, "delete own Observation", b -> "/fhir/Observation/" + b.resident.observation().getIdPart(), 403));
		c.add(post(Who.CITIZEN, "transaction", b -> "/fhir", b -> transaction(b.resident), 403));
		// MeasureReport is in the Patient compartment: narrowed to reports about themselves, i.e. none
		c.add(get(Who.CITIZEN, "indicator reports", b -> "/fhir/MeasureReport", EMPTY));
		c.add(get(Who.CITIZEN, "own audit trail", b -> "/fhir/AuditEvent?patient=" + b.resident.id(), 200));
		c.add(get(Who.CITIZEN, "facility directory", b -> "/fhir/Organization", 200));
		c.add(get(Who.CITIZEN, "own $immds-forecast", b -> patient(b.resident) + "/$immds-forecast", 200));
		c.add(get(Who.CITIZEN, "other's $immds-forecast", b -> patient(b.neighbour) + "/$immds-forecast", 403));
		c.add(get(Who.CITIZEN, "$immds-forecast of a child not theirs", b -> patient(b.child) + "/$immds-forecast", 403));

		// parent: own book and their minor child's
		c.add(get(Who.PARENT, "read own Patient", b -> patient(b.parent), 200));
		c.add(get(Who.PARENT, "read child's Patient", b -> patient(b.child), 200));
		c.add(get(Who.PARENT, "search child's Observations", b -> "/fhir/Observation?patient=" + b.child.id(), SOME));
		c.add(get(Who.PARENT, "child's $everything", b -> patient(b.child) + "/$everything", SOME));
		c.add(get(Who.PARENT, "child's $immds-forecast", b -> patient(b.child) + "/$immds-forecast", 200));
		c.add(get(Who.PARENT, "a stranger's $immds-forecast", b -> patient(b.resident) + "/$immds-forecast", 403));
		c.add(get(Who.PARENT, "child's $summary", b -> patient(b.child) + "/$summary", 200));
		c.add(get(Who.PARENT, "read a stranger's Patient", b -> patient(b.resident), 403));
		c.add(post(Who.PARENT, "create for child", b -> "/fhir/Observation", b -> height(b.child), 403));

		// a citizen without a health book: nothing personal, same answer whether the other exists or not
		c.add(get(Who.CITIZEN_WITHOUT_RECORD, "search an existing ID", b -> byCccd(b.resident.cccd()), 403));
		c.add(get(Who.CITIZEN_WITHOUT_RECORD, "search a missing ID", b -> byCccd(b.strangerCccd), 403));
		c.add(get(Who.CITIZEN_WITHOUT_RECORD, "read a Patient", b -> patient(b.resident), 403));

		// station staff of Thuận Hóa: their commune's residents
		c.add(get(Who.STAFF_SAME_COMMUNE, "read resident", b -> patient(b.resident), 200));
		c.add(get(Who.STAFF_SAME_COMMUNE, "search resident's Observations", b -> "/fhir/Observation?patient=" + b.resident.id(), SOME));
		c.add(get(Who.STAFF_SAME_COMMUNE, "resident's $everything", b -> patient(b.resident) + "/$everything", SOME));
		c.add(get(Who.STAFF_SAME_COMMUNE, "resident's $summary", b -> patient(b.resident) + "/$summary", 200));
		c.add(get(Who.STAFF_SAME_COMMUNE, "resident's history", b -> patient(b.resident) + "/_history", SOME));
		c.add(get(Who.STAFF_SAME_COMMUNE, "child's $immds-forecast", b -> patient(b.child) + "/$immds-forecast", 200));
		c.add(get(Who.STAFF_SAME_COMMUNE, "other commune's $immds-forecast", b -> patient(b.neighbour) + "/$immds-forecast", 404));
		c.add(post(Who.STAFF_SAME_COMMUNE, "create for resident", b -> "/fhir/Observation", b -> height(b.resident), 201));
		c.add(put(Who.STAFF_SAME_COMMUNE, "update resident", b -> patient(b.resident), b -> null, 200));
		c.add(post(Who.STAFF_SAME_COMMUNE, "transaction for resident", b -> "/fhir", b -> transaction(b.resident), 200));
		c.add(delete(Who.STAFF_SAME_COMMUNE, "delete resident's Observation", b -> "/fhir/Observation/" + b.resident.observation().getIdPart(), 403));
		c.add(get(Who.STAFF_SAME_COMMUNE, "read other commune's Patient", b -> patient(b.neighbour), 404));
		c.add(get(Who.STAFF_SAME_COMMUNE, "other commune's Observation", b -> "/fhir/Observation/" + b.neighbour.observation().getIdPart(), 404));
		c.add(get(Who.STAFF_SAME_COMMUNE, "search other commune's Observations", b -> "/fhir/Observation?patient=" + b.neighbour.id(), EMPTY));
		c.add(get(Who.STAFF_SAME_COMMUNE, "other commune's $everything", b -> patient(b.neighbour) + "/$everything", EMPTY));
		c.add(get(Who.STAFF_SAME_COMMUNE, "look up other commune's resident by exact ID", b -> byCccd(b.neighbour.cccd()), SOME));
		c.add(post(Who.STAFF_SAME_COMMUNE, "create for other commune's resident", b -> "/fhir/Observation", b -> height(b.neighbour), 403));
		c.add(post(Who.STAFF_SAME_COMMUNE, "transaction for other commune's resident", b -> "/fhir", b -> transaction(b.neighbour), 403));
		c.add(put(Who.STAFF_SAME_COMMUNE, "update other commune's resident", b -> patient(b.neighbour), b -> null, 403));
		c.add(get(Who.STAFF_SAME_COMMUNE, "audit trail", b -> "/fhir/AuditEvent", 403));
		c.add(get(Who.STAFF_SAME_COMMUNE, "indicator reports", b -> "/fhir/MeasureReport", 403));

		// station staff of Vỹ Dạ: the mirror image
		c.add(get(Who.STAFF_OTHER_COMMUNE, "read Thuận Hóa resident", b -> patient(b.resident), 404));
		c.add(get(Who.STAFF_OTHER_COMMUNE, "read own commune's resident", b -> patient(b.neighbour), 200));
		c.add(post(Who.STAFF_OTHER_COMMUNE, "create for Thuận Hóa resident", b -> "/fhir/Observation", b -> height(b.resident), 403));
		c.add(post(Who.STAFF_OTHER_COMMUNE, "create for own resident", b -> "/fhir/Observation", b -> height(b.neighbour), 201));

		// analyst: indicators and reference data, no personal data
		c.add(get(Who.ANALYST, "read a Patient", b -> patient(b.resident), 403));
		c.add(get(Who.ANALYST, "search Observations", b -> "/fhir/Observation", 403));
		c.add(get(Who.ANALYST, "search by personal ID", b -> byCccd(b.resident.cccd()), 403));
		c.add(get(Who.ANALYST, "$everything", b -> patient(b.resident) + "/$everything", 403));
		c.add(get(Who.ANALYST, "$immds-forecast", b -> patient(b.child) + "/$immds-forecast", 403));
		c.add(get(Who.ANALYST, "$summary", b -> patient(b.resident) + "/$summary", 403));
		c.add(post(Who.ANALYST, "create", b -> "/fhir/Observation", b -> height(b.resident), 403));
		c.add(post(Who.ANALYST, "transaction", b -> "/fhir", b -> transaction(b.resident), 403));
		c.add(get(Who.ANALYST, "indicator reports", b -> "/fhir/MeasureReport", 200));
		c.add(get(Who.ANALYST, "indicator definitions", b -> "/fhir/Measure", 200));
		c.add(get(Who.ANALYST, "facility directory", b -> "/fhir/Organization", 200));
		c.add(get(Who.ANALYST, "indicators of the own province", b -> indicators("46", "population"), 200));
		c.add(get(Who.ANALYST, "indicators of another province", b -> indicators("31", "population"), 403));
		c.add(get(Who.ANALYST, "people still to reach", b -> indicators("46", "subject-list"), 403));
		c.add(get(Who.CITIZEN, "indicators", b -> indicators(HealthBooks.THUAN_HOA, "population"), 403));
		c.add(get(Who.STAFF_SAME_COMMUNE, "indicators of the own commune", b -> indicators(HealthBooks.THUAN_HOA, "population"), 200));
		c.add(get(Who.STAFF_SAME_COMMUNE, "people of the own commune still to reach", b -> indicators(HealthBooks.THUAN_HOA, "subject-list"), 200));
		c.add(get(Who.STAFF_OTHER_COMMUNE, "indicators of another commune", b -> indicators(HealthBooks.THUAN_HOA, "population"), 403));
		c.add(get(Who.STAFF_SAME_COMMUNE, "indicators of the province", b -> indicators("46", "population"), 403));
		c.add(post(Who.STAFF_SAME_COMMUNE, "rebuild indicator facts", b -> "/fhir/$rebuild-indicator-facts", b -> "{\"resourceType\":\"Parameters\"}", 403));
		c.add(post(Who.ANALYST, "rebuild indicator facts", b -> "/fhir/$rebuild-indicator-facts", b -> "{\"resourceType\":\"Parameters\"}", 403));

		// system accounts: what their scopes grant
		c.add(get(Who.SYSTEM_READ, "read a Patient", b -> patient(b.resident), 200));
		c.add(get(Who.SYSTEM_READ, "search Observations", b -> "/fhir/Observation?patient=" + b.neighbour.id(), SOME));
		c.add(get(Who.SYSTEM_READ, "$immds-forecast", b -> patient(b.child) + "/$immds-forecast", 200));
		c.add(post(Who.SYSTEM_READ, "create", b -> "/fhir/Observation", b -> height(b.resident), 403));
		c.add(post(Who.SYSTEM_READ, "transaction", b -> "/fhir", b -> transaction(b.resident), 403));
		// a read-only token runs the operations that read; the ones that change what is stored are refused
		c.add(get(Who.SYSTEM_READ, "$everything", b -> patient(b.resident) + "/$everything", SOME));
		c.add(post(Who.SYSTEM_READ, "$meta-add (changes a record's tags)", b -> patient(b.resident) + "/$meta-add", b -> metaTag(), 403));
		c.add(post(Who.SYSTEM_READ, "$meta-delete", b -> patient(b.resident) + "/$meta-delete", b -> metaTag(), 403));
		c.add(post(Who.SYSTEM_READ, "rebuild indicator facts", b -> "/fhir/$rebuild-indicator-facts", b -> "{\"resourceType\":\"Parameters\"}", 403));
		c.add(post(Who.SYSTEM_READ, "mark everything for reindexing", b -> "/fhir/$mark-all-resources-for-reindexing", b -> "{\"resourceType\":\"Parameters\"}", 403));
		c.add(post(Who.SYSTEM_WRITE, "$meta-add", b -> patient(b.neighbour) + "/$meta-add", b -> metaTag(), 200));
		c.add(post(Who.SYSTEM_WRITE, "create", b -> "/fhir/Observation", b -> height(b.resident), 201));
		c.add(post(Who.SYSTEM_WRITE, "transaction", b -> "/fhir", b -> transaction(b.neighbour), 200));
		c.add(post(Who.SYSTEM_WRITE, "write the audit trail", b -> "/fhir/AuditEvent", b -> auditEvent(), 403));
		c.add(delete(Who.SYSTEM_WRITE, "delete a Patient", b -> patient(b.neighbour), 403));

		// administrator
		c.add(get(Who.ADMIN, "read the audit trail", b -> "/fhir/AuditEvent", SOME));
		c.add(post(Who.ADMIN, "write the audit trail", b -> "/fhir/AuditEvent", b -> auditEvent(), 201));
		c.add(get(Who.ADMIN, "metrics", b -> "/actuator/prometheus", 200));

		// scopes narrow the role: the intersection applies
		c.add(get(Who.CITIZEN_OBSERVATIONS_ONLY, "own Observations", b -> "/fhir/Observation?patient=" + b.resident.id(), SOME));
		c.add(get(Who.CITIZEN_OBSERVATIONS_ONLY, "own Patient (not in scope)", b -> patient(b.resident), 403));
		c.add(get(Who.CITIZEN_OBSERVATIONS_ONLY, "own $everything (needs Patient scope)", b -> patient(b.resident) + "/$everything", 403));
		c.add(get(Who.CITIZEN_OBSERVATIONS_ONLY, "own $immds-forecast (needs Patient scope)", b -> patient(b.resident) + "/$immds-forecast", 403));
		c.add(get(Who.STAFF_READ_ONLY, "read resident", b -> patient(b.resident), 200));
		c.add(post(Who.STAFF_READ_ONLY, "create (not in scope)", b -> "/fhir/Observation", b -> height(b.resident), 403));
		c.add(post(Who.STAFF_READ_ONLY, "transaction (not in scope)", b -> "/fhir", b -> transaction(b.resident), 403));
		c.add(get(Who.CITIZEN_ROLE_WITH_USER_SCOPES, "read own Patient", b -> patient(b.resident), 403));
		c.add(post(Who.CITIZEN_ROLE_WITH_USER_SCOPES, "create", b -> "/fhir/Observation", b -> height(b.resident), 403));

		// a token with no role this server knows
		c.add(get(Who.UNKNOWN_ROLE, "read a Patient", b -> patient(b.resident), 403));
		c.add(get(Who.UNKNOWN_ROLE, "capability statement", b -> "/fhir/metadata", 200));
		return c.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void roleAndScopesDecide(Case c) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(c.path().apply(books)));
		if (c.path().apply(books).startsWith("/fhir")) {
			request.header("Accept", "application/fhir+json");
		}
		String body = c.body().apply(books);
		switch (c.method()) {
			case "GET" -> request.GET();
			case "DELETE" -> request.DELETE();
			case "PUT" -> request.PUT(HttpRequest.BodyPublishers.ofString(currentVersion(c.path().apply(books))))
					.header("Content-Type", "application/fhir+json");
			default -> request.POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/fhir+json");
		}
		HttpResponse<String> response = sendAs(token(c.who(), books), request);

		if (c.expected() == EMPTY || c.expected() == SOME) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Bundle bundle = parse(Bundle.class, response.body());
			if (c.expected() == EMPTY) {
				assertThat(bundle.getEntry()).as("entries").isEmpty();
			} else {
				assertThat(bundle.getEntry()).as("entries").isNotEmpty();
			}
		} else {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(c.expected());
		}
		if (response.statusCode() >= 400 && c.path().apply(books).startsWith("/fhir")) {
			assertThat(response.body()).contains("OperationOutcome");
		}
	}

	private String currentVersion(String path) {
		return json(fhir.read().resource("Patient").withId(new IdType(path.substring("/fhir/".length()))).execute());
	}

	private static Case get(Who who, String what, Function<HealthBooks, String> path, int expected) {
		return new Case(who, what, "GET", path, b -> null, expected);
	}

	private static Case post(Who who, String what, Function<HealthBooks, String> path, Function<HealthBooks, String> body, int expected) {
		return new Case(who, what, "POST", path, body, expected);
	}

	private static Case put(Who who, String what, Function<HealthBooks, String> path, Function<HealthBooks, String> body, int expected) {
		return new Case(who, what, "PUT", path, body, expected);
	}

	private static Case delete(Who who, String what, Function<HealthBooks, String> path, int expected) {
		return new Case(who, what, "DELETE", path, b -> null, expected);
	}

	private static String patient(HealthBooks.Person person) {
		return "/fhir/Patient/" + person.id();
	}

	private static String byCccd(String cccd) {
		return "/fhir/Patient?identifier=http://fhir.hl7.org.vn/core/sid/cccd%7C" + cccd;
	}

	private static final ca.uhn.fhir.parser.IParser JSON = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser();

	private static String height(HealthBooks.Person person) {
		return JSON.encodeResourceToString(HealthBooks.height(person.patient()));
	}

	private static String transaction(HealthBooks.Person person) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(HealthBooks.height(person.patient())).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		return JSON.encodeResourceToString(bundle);
	}

	private static String metaTag() {
		return """
				{"resourceType": "Parameters", "parameter": [{"name": "meta", "valueMeta": {"tag": [
				  {"system": "https://sskdt.example/test-tags", "code": "reviewed"}]}}]}""";
	}

	private static String auditEvent() {
		org.hl7.fhir.r4.model.AuditEvent event = new org.hl7.fhir.r4.model.AuditEvent();
		event.getType().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode("110110");
		event.setRecorded(new java.util.Date());
		event.addAgent().setRequestor(true).getWho().setDisplay("forger");
		event.getSource().getObserver().setDisplay("test");
		return JSON.encodeResourceToString(event);
	}

	static String indicators(String area, String reportType) {
		return "/fhir/Measure/fully-immunized-1y/$evaluate-measure?periodStart=2025-01-01&periodEnd=2025-12-31&jurisdiction="
				+ area + "&reportType=" + reportType;
	}
}
