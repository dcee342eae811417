package vn.sskdt.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.sskdt.support.Examples;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Residents;

/**
 * What a station's software gets back for the mistakes it is likely to make: 422, a message its
 * staff can act on (Vietnamese first) and where the problem is. Each case is a package example with
 * one thing broken, so that everything else about it is valid.
 */
class InvalidResourcesTest extends FhirServerTest {

	static Stream<Arguments> invalidResources() {
		return Stream.of(
				patient("CCCD of 11 digits", p -> cccd(p, "04618500001"), "12 chữ số", "identifier"),
				patient("CCCD with letters", p -> cccd(p, "04618500A001"), "12 chữ số", "identifier"),
				patient("century digit says 2000s, born 1985", p -> cccd(p, "046385000001"), "vn-pat-2", "Patient"),
				patient("sex digit says male, gender female", p -> cccd(p, "046085000001"), "vn-pat-3", "Patient"),
				patient("year digits 90, born 1985", p -> cccd(p, "046190000001"), "vn-pat-4", "Patient"),
				patient("no personal ID at all", p -> p.getIdentifier().clear(), "Thiếu", "Patient"),
				patient("missing birth date", p -> p.setBirthDateElement(null), "birthDate", "Patient"),
				patient("missing gender", p -> p.setGender(null), "gender", "Patient"),
				patient("commune code that does not exist", p -> commune(p, "99999"), "Mã không có trong danh mục", "address"),
				patient("commune of Hà Nội in province Huế", p -> commune(p, "00004"), "vn-addr-2", "address"),
				patient("commune without province", p -> p.getAddressFirstRep().getExtension()
						.removeIf(e -> e.getUrl().endsWith("/vn-province")), "vn-addr-1", "address"),
				patient("ethnicity 77", p -> p.getExtension().stream().filter(e -> e.getUrl().endsWith("/vn-ethnicity"))
						.forEach(e -> ((Coding) e.getValue()).setCode("77")), "Mã không có trong danh mục", "extension"),
				patient("old ID card of 10 digits", p -> p.addIdentifier().setSystem("http://fhir.hl7.org.vn/core/sid/cmnd")
						.setValue("1912345678"), "vn-pat-5", "identifier"),
				patient("declares a profile we do not know", p -> p.getMeta().addProfile("http://example.org/StructureDefinition/us-patient"),
						"profile", "Patient"),
				observation("vn-body-height-example", "height 1.58 (metres sent as cm)", o -> o.getValueQuantity().setValue(1.58),
						"20 đến 250 cm", "Observation"),
				observation("vn-body-height-example", "height in metres", o -> o.getValueQuantity().setValue(1.58).setUnit("m").setCode("m"),
						"Observation.value", "Observation.value"),
				observation("vn-body-weight-example", "weight 0.1 kg", o -> o.getValueQuantity().setValue(0.1), "vn-obs-weight", "Observation"),
				observation("vn-blood-pressure-example", "systolic 350", o -> o.getComponentFirstRep().getValueQuantity().setValue(350),
						"vn-bp-1", "Observation"),
				observation("vn-blood-pressure-example", "systolic below diastolic", o -> o.getComponentFirstRep().getValueQuantity().setValue(70),
						"vn-bp-3", "Observation"),
				observation("vn-body-temperature-example", "temperature 47 °C", o -> o.getValueQuantity().setValue(47), "vn-obs-temp", "Observation"),
				observation("vn-health-classification-example", "health class VI", o -> o.getValueCodeableConcept().getCodingFirstRep().setCode("VI"),
						"Mã không có trong danh mục", "Observation.value"),
				immunization("dose in 2099", i -> i.setOccurrence(new DateTimeType("2099-01-01")), "vn-imm-1", "Immunization"),
				immunization("unknown vaccine code", i -> i.getVaccineCode().getCoding().stream()
						.filter(c -> !c.getSystem().contains("cvx") && !c.getSystem().contains("atc")).forEach(c -> c.setCode("xyz")),
						"Mã không có trong danh mục", "Immunization.vaccineCode"),
				immunization("CVX only, no national vaccine code", i -> i.getVaccineCode().getCoding()
						.removeIf(c -> !c.getSystem().contains("cvx")), "Thiếu", "Immunization.vaccineCode"),
				immunization("dose before birth", i -> i.setOccurrence(new DateTimeType("2010-01-01")), "trước ngày sinh", "Immunization.occurrence"),
				coverage("card ends before it starts", c -> c.getPeriod().setEnd(java.sql.Date.valueOf("2025-06-30")), "vn-cov-2", "Coverage"),
				coverage("benefit level 7", c -> c.getExtension().stream().filter(e -> e.getUrl().endsWith("benefit-level"))
						.forEach(e -> e.setValue(new PositiveIntType(7))), "vn-cov-3", "Coverage.extension"),
				coverage("insurance number ABC", c -> c.getIdentifierFirstRep().setValue("ABC"), "vn-bhyt-1", "Coverage.identifier"),
				organization("facility code of 6 characters", o -> o.getIdentifierFirstRep().setValue("461234"), "vn-org-1", "Organization.identifier"),
				encounter("check-up type surgery", e -> e.getTypeFirstRep().getCodingFirstRep().setCode("surgery"),
						"Mã không có trong danh mục", "Encounter.type"),
				encounter("finished check-up without end", e -> e.getPeriod().setEnd(null), "vn-enc-1", "Encounter"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidResources")
	void isRejectedWithAnActionableMessageAndItsLocation(String why, Resource resource, String message, String location)
			throws Exception {
		HttpResponse<String> response = postJson("/fhir/" + resource.fhirType(), json(resource));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = parse(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).as(response.body()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isIn(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.FATAL);
			assertThat(issue.getDiagnostics()).contains(message);
			assertThat(issue.getExpression()).anySatisfy(e -> assertThat(e.getValue()).contains(location));
		});
	}

	@Test
	void messagesOfOurRulesComeInVietnameseThenEnglish() throws Exception {
		Patient patient = Residents.resident();
		cccd(patient, "04618500001");

		OperationOutcome outcome = parse(OperationOutcome.class, postJson("/fhir/Patient", json(patient)).body());

		assertThat(outcome.getIssue()).anySatisfy(issue -> assertThat(issue.getDiagnostics())
				.startsWith("Số định danh cá nhân phải gồm 12 chữ số / Personal ID must have 12 digits"));
	}

	@Test
	void transactionWithOneInvalidCheckupEntryStoresNothing() throws Exception {
		String personalId = Residents.newPersonalId();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String resident = "urn:uuid:" + java.util.UUID.randomUUID();
		transaction.addEntry().setFullUrl(resident).setResource(Residents.resident(personalId))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Observation height = Examples.get("vn-body-height-example");
		height.setId((String) null);
		height.setEncounter(null);
		height.setSubject(new Reference(resident));
		height.getValueQuantity().setValue(1.58);
		transaction.addEntry().setResource(height).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		HttpResponse<String> response = postJson("/fhir", json(transaction));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("20 đến 250 cm");
		Bundle found = fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(Residents.CCCD, personalId))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getTotal()).isZero();
	}

	@Test
	void residentInATransactionIsHeldToOurProfileToo() throws Exception {
		Patient resident = Residents.resident();
		cccd(resident, "04618500001");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(resident).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");

		HttpResponse<String> response = postJson("/fhir", json(transaction));

		assertThat(response.statusCode()).isEqualTo(422);
		OperationOutcome outcome = parse(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getDiagnostics()).contains("12 chữ số");
			assertThat(issue.getExpression()).anySatisfy(e -> assertThat(e.getValue()).contains("Bundle.entry[0]"));
		});
	}

	private static Arguments patient(String why, Consumer<Patient> breakIt, String message, String location) {
		Patient patient = Examples.get("vn-patient-example");
		patient.setId((String) null);
		patient.getMeta().getProfile().clear(); // held to our profile all the same
		cccd(patient, "046185" + String.format("%06d", Math.abs(why.hashCode()) % 1_000_000));
		breakIt.accept(patient);
		return Arguments.of(why, patient, message, location);
	}

	private static Arguments observation(String example, String why, Consumer<Observation> breakIt, String message, String location) {
		return broken(example, why, breakIt, message, location);
	}

	private static Arguments immunization(String why, Consumer<Immunization> breakIt, String message, String location) {
		return broken("vn-immunization-penta-example", why, breakIt, message, location);
	}

	private static Arguments coverage(String why, Consumer<Coverage> breakIt, String message, String location) {
		return broken("vn-coverage-example", why, breakIt, message, location);
	}

	private static Arguments organization(String why, Consumer<Organization> breakIt, String message, String location) {
		return broken("vn-org-tram-y-te-thuan-hoa", why, breakIt, message, location);
	}

	private static Arguments encounter(String why, Consumer<Encounter> breakIt, String message, String location) {
		return broken("vn-checkup-encounter-example", why, breakIt, message, location);
	}

	/** A new copy of the package example, with one thing broken. */
	private static <T extends Resource> Arguments broken(String example, String why, Consumer<T> breakIt, String message, String location) {
		T resource = Examples.get(example);
		resource.setId((String) null);
		breakIt.accept(resource);
		return Arguments.of(why, resource, message, location);
	}

	private static void cccd(Patient patient, String value) {
		patient.getIdentifier().stream().filter(i -> Residents.CCCD.equals(i.getSystem())).forEach(i -> i.setValue(value));
	}

	private static void commune(Patient patient, String code) {
		for (Extension e : patient.getAddressFirstRep().getExtension()) {
			if (e.getUrl().endsWith("/vn-commune")) {
				((Coding) e.getValue()).setCode(code).setDisplay(null);
			}
		}
	}

}
