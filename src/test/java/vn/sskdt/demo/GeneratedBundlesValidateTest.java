package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sskdt.profiles.ProfileValidators;

/**
 * A sample of every kind of generated bundle passes the server's own validation chain
 * ({@link ProfileValidators}), validated the way the server validates a transaction: the whole
 * Bundle as JSON text, envelope messages ({@code Bundle_*}) left to HAPI's transaction processing.
 */
class GeneratedBundlesValidateTest {

	private static FhirValidator validator;
	private static Map<String, List<String>> sample;

	/** 2025 and 2026 (free annual check-ups with target groups start in 2026); only bundles dated before July 2026 are sampled. */
	private static final ProvinceGenerator.Options OPTIONS = new ProvinceGenerator.Options(5, 800, "46", 2026, 2, List.of());
	private static final String BEFORE = "2026-07-01";

	@BeforeAll
	static void setUp() throws Exception {
		FhirContext fhir = FhirContext.forR4Cached();
		validator = ProfileValidators.newValidator(fhir, ProfileValidators.loadPackage(fhir, "classpath:fhir/package.tgz"));
		sample = new LinkedHashMap<>();
		for (String line : Generated.of(OPTIONS).lines()) {
			String kind = kind(Generated.parse(line));
			if (kind != null && sample.computeIfAbsent(kind, k -> new ArrayList<>()).size() < 3) {
				sample.get(kind).add(line);
			}
		}
	}

	/** A name for the bundle's kind, or null when it is dated too late to be sampled. */
	private static String kind(JsonNode bundle) {
		JsonNode entries = bundle.path("entry");
		JsonNode first = entries.path(0).path("resource");
		if (first.path("resourceType").asText().equals("Organization")) {
			return "organization";
		}
		if (first.has("deceasedDateTime")) {
			return "death";
		}
		List<String> types = new ArrayList<>();
		entries.forEach(e -> types.add(e.path("resource").path("resourceType").asText()));
		if (types.contains("Encounter")) {
			JsonNode encounter = entries.path(1).path("resource");
			String date = encounter.path("period").path("start").asText();
			if (date.compareTo(BEFORE) >= 0) {
				return null;
			}
			String type = encounter.path("type").path(0).path("coding").path(0).path("code").asText();
			int age = java.time.Period.between(LocalDate.parse(first.path("birthDate").asText()), LocalDate.parse(date.substring(0, 10))).getYears();
			boolean glucose = entries.toString().contains("14771-0");
			return "checkup " + type + (age < 3 ? " under 3" : age < 18 ? " child" : glucose ? " adult with glucose" : " adult")
					+ (types.contains("Coverage") ? " with card" : "");
		}
		if (types.contains("Immunization")) {
			String date = entries.path(1).path("resource").path("occurrenceDateTime").asText();
			return date.compareTo(BEFORE) >= 0 ? null
					: "vaccination " + entries.path(1).path("resource").path("vaccineCode").path("coding").path(0).path("code").asText();
		}
		if (types.contains("RelatedPerson")) {
			return "registration with guardians" + (types.contains("Coverage") ? " and card" : "");
		}
		return types.contains("Coverage") ? "patient with card" : "patient alone";
	}

	private static List<String> errors(String bundle) {
		List<String> errors = new ArrayList<>();
		for (SingleValidationMessage m : validator.validateWithResult(bundle).getMessages()) {
			boolean error = m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL;
			if (error && (m.getMessageId() == null || !m.getMessageId().startsWith("Bundle_"))) {
				errors.add(m.getLocationString() + ": " + m.getMessage());
			}
		}
		return errors;
	}

	@Test
	void theSampleCoversEveryKindOfBundle() {
		assertThat(sample.keySet()).contains("organization", "death", "registration with guardians", "patient with card",
				"vaccination hepb-birth", "vaccination penta", "vaccination measles", "vaccination mr",
				"checkup annual-free adult with card", "checkup annual-free adult with glucose with card",
				"checkup free-screening under 3 with card", "checkup school child with card", "checkup occupational adult with card");
	}

	@Test
	void everySampledBundleIsValidAgainstOurProfiles() {
		Map<String, List<String>> failures = new LinkedHashMap<>();
		int validated = 0;
		for (Map.Entry<String, List<String>> kind : sample.entrySet()) {
			for (String bundle : kind.getValue()) {
				List<String> errors = errors(bundle);
				validated++;
				if (!errors.isEmpty()) {
					failures.put(kind.getKey() + " #" + kind.getValue().indexOf(bundle), errors);
				}
			}
		}
		assertThat(validated).isGreaterThanOrEqualTo(30);
		assertThat(failures).isEmpty();
	}

	/** The harness can fail: the same bundles, broken, are refused. */
	@Test
	void brokenBundlesAreRefused() throws Exception {
		String checkup = sample.get("checkup annual-free adult with card").get(0);
		ObjectNode tooTall = (ObjectNode) Generated.parse(checkup);
		for (JsonNode entry : tooTall.path("entry")) {
			JsonNode resource = entry.path("resource");
			if (resource.path("code").path("coding").path(0).path("code").asText().equals("8302-2")) {
				((ObjectNode) resource.path("valueQuantity")).put("value", 300);
			}
		}
		assertThat(errors(tooTall.toString())).anyMatch(e -> e.contains("vn-obs-height"));

		ObjectNode wrongSex = (ObjectNode) Generated.parse(checkup);
		ObjectNode patient = (ObjectNode) wrongSex.path("entry").path(0).path("resource");
		patient.put("gender", patient.path("gender").asText().equals("male") ? "female" : "male");
		assertThat(errors(wrongSex.toString())).anyMatch(e -> e.contains("vn-pat-3"));
	}
}
