package vn.sskdt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Examples;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Residents;

/** The standard FHIR R4 REST API that stations, apps and departments build on. */
class FhirRestApiTest extends FhirServerTest {

	@Test
	void capabilityStatementDescribesTheServer() {
		CapabilityStatement capabilities = fhir.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(capabilities.getRestFirstRep().getResource())
				.extracting(r -> r.getType())
				.contains("Patient", "Encounter", "Observation", "Immunization", "Coverage", "Organization");
	}

	@Test
	void createReadVreadUpdatePatchDeleteEachResourceTypeOfTheHealthBook() {
		List<String> examples = List.of("vn-org-bhxh-hue", "vn-patient-example", "vn-checkup-encounter-example",
				"vn-body-height-example", "vn-immunization-penta-example", "vn-coverage-example");
		for (String example : examples) {
			Resource resource = Examples.get(example);
			resource.setId((String) null);
			if (resource instanceof Patient patient) {
				patient.getIdentifierFirstRep().setValue(Residents.newPersonalId());
			}
			IdType id = create(resource);
			Class<? extends IBaseResource> type = resource.getClass();

			Resource read = (Resource) fhir.read().resource(type).withId(id).execute();
			assertThat(read.getIdElement().getVersionIdPart()).isEqualTo("1");

			read.getMeta().addTag("http://example.org/test", "updated", null);
			MethodOutcome updated = fhir.update().resource(read).execute();
			assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

			Resource version1 = (Resource) fhir.read().resource(type).withId(id.withVersion("1")).execute();
			assertThat(version1.getMeta().getTag()).isEmpty();

			String patch = "[{\"op\":\"add\",\"path\":\"/language\",\"value\":\"vi\"}]";
			MethodOutcome patched = fhir.patch().withBody(patch).withId(id).execute();
			assertThat(patched.getId().getVersionIdPart()).isEqualTo("3");
			Resource afterPatch = (Resource) fhir.read().resource(type).withId(id).execute();
			assertThat(afterPatch.getLanguage()).isEqualTo("vi");

			Bundle history = fhir.history().onInstance(id).returnBundle(Bundle.class).execute();
			assertThat(history.getEntry()).hasSize(3);

			Bundle found = fhir.search().forResource(type)
					.where(new ca.uhn.fhir.rest.gclient.TokenClientParam("_id").exactly().code(id.getIdPart()))
					.returnBundle(Bundle.class).execute();
			assertThat(found.getTotal()).isEqualTo(1);

			if (resource instanceof Patient) { // a health book is never deleted, not even by an administrator
				assertThatThrownBy(() -> fhir.delete().resourceById(id).execute())
						.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException.class);
				continue;
			}
			fhir.delete().resourceById(id).execute();
			assertThatThrownBy(() -> fhir.read().resource(type).withId(id).execute())
					.isInstanceOf(ResourceGoneException.class);
		}

		// what is still referenced cannot be deleted: the record stays consistent
		assertThatThrownBy(() -> fhir.delete().resourceById(new IdType("Organization", "vn-org-tram-y-te-thuan-hoa")).execute())
				.isInstanceOf(ResourceVersionConflictException.class);
	}

	@Test
	void searchWithIncludeReturnsTheReferencedResident() {
		IdType patientId = create(Residents.resident());
		create(observation("vn-body-weight-example", patientId, 52));

		Bundle bundle = fhir.search().forResource(Observation.class)
				.where(Observation.SUBJECT.hasId(patientId.toUnqualifiedVersionless()))
				.include(Observation.INCLUDE_SUBJECT)
				.returnBundle(Bundle.class).execute();

		assertThat(bundle.getEntry()).extracting(e -> e.getResource().getResourceType().name())
				.containsExactlyInAnyOrder("Observation", "Patient");
	}

	@Test
	void conditionalCreateTwiceStoresOneResident() {
		String personalId = Residents.newPersonalId();
		String condition = "identifier=" + Residents.CCCD + "|" + personalId;

		MethodOutcome first = fhir.create().resource(Residents.resident(personalId)).conditionalByUrl("Patient?" + condition).execute();
		MethodOutcome second = fhir.create().resource(Residents.resident(personalId)).conditionalByUrl("Patient?" + condition).execute();

		assertThat(first.getCreated()).isTrue();
		assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
		assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
		assertThat(countPatients(personalId)).isEqualTo(1);
	}

	@Test
	void conditionalUpdateCreatesThenUpdatesTheSameResident() {
		String personalId = Residents.newPersonalId();
		String match = "Patient?identifier=" + Residents.CCCD + "|" + personalId;
		Patient resident = Residents.resident(personalId);

		MethodOutcome created = fhir.update().resource(resident).conditionalByUrl(match).execute();
		resident.setActive(true);
		MethodOutcome updated = fhir.update().resource(resident).conditionalByUrl(match).execute();

		assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
		assertThat(countPatients(personalId)).isEqualTo(1);
	}

	@Test
	void pagesThroughTwoHundredFiftyResults() {
		IdType patientId = create(Residents.resident());
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 250; i++) {
			Observation glucose = observation("vn-fasting-glucose-example", patientId, 4.5 + i / 100.0);
			glucose.setEffective(new DateTimeType(java.util.Date.from(java.time.Instant.parse("2000-01-01T00:00:00Z").plus(java.time.Duration.ofDays(i)))));
			transaction.addEntry().setResource(glucose).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		fhir.transaction().withBundle(transaction).execute();

		Bundle page = fhir.search().forResource(Observation.class)
				.where(Observation.SUBJECT.hasId(patientId.toUnqualifiedVersionless()))
				.sort().ascending(Observation.DATE)
				.count(100)
				.returnBundle(Bundle.class).execute();
		List<String> ids = new ArrayList<>();
		int pages = 0;
		while (true) {
			pages++;
			page.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = fhir.loadPage().next(page).execute();
		}

		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(250).doesNotHaveDuplicates();
	}

	@Test
	void everythingOfAResidentWithSixtyResourcesComesBackAcrossPages() {
		IdType patientId = create(Residents.resident());
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 59; i++) {
			transaction.addEntry().setResource(observation("vn-heart-rate-example", patientId, 60 + i))
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		fhir.transaction().withBundle(transaction).execute();

		Bundle page = fhir.operation().onInstance(patientId.toUnqualifiedVersionless()).named("$everything")
				.withParameters(new Parameters().addParameter("_count", new org.hl7.fhir.r4.model.IntegerType(25)))
				.returnResourceType(Bundle.class).execute();
		Set<String> seen = new HashSet<>();
		int pages = 0;
		while (true) {
			pages++;
			page.getEntry().stream()
					.filter(e -> !(e.getResource() instanceof org.hl7.fhir.r4.model.AuditEvent)) // the audit trail of these writes is in the compartment too
					.forEach(e -> seen.add(e.getResource().getIdElement().toUnqualifiedVersionless().getValue()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = fhir.loadPage().next(page).execute();
		}

		assertThat(pages).isGreaterThan(1);
		assertThat(seen).hasSize(60).contains(patientId.toUnqualifiedVersionless().getValue());
	}

	@Test
	void transactionWithPlaceholderReferencesStoresEverythingTogether() {
		String personalId = Residents.newPersonalId();
		Bundle transaction = checkupTransaction(personalId);

		Bundle response = fhir.transaction().withBundle(transaction).execute();

		assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
		Observation stored = fhir.read().resource(Observation.class)
				.withId(new IdType(response.getEntry().get(1).getResponse().getLocation()).toUnqualifiedVersionless()).execute();
		assertThat(stored.getSubject().getReference())
				.isEqualTo(new IdType(response.getEntry().get(0).getResponse().getLocation()).toUnqualifiedVersionless().getValue());
	}

	@Test
	void transactionWithOneBadEntryStoresNothing() {
		String personalId = Residents.newPersonalId();
		Bundle transaction = checkupTransaction(personalId);
		Observation broken = observation("vn-heart-rate-example", null, 72);
		broken.setSubject(new Reference("Patient/does-not-exist"));
		transaction.addEntry().setResource(broken).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		assertThatThrownBy(() -> fhir.transaction().withBundle(transaction).execute())
				.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class)
				.satisfies(e -> assertThat(((ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException) e).getStatusCode())
						.isBetween(400, 499));
		assertThat(countPatients(personalId)).isZero();
	}

	@Test
	void batchAnswersEachEntryOnItsOwn() {
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(Residents.resident()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Observation dangling = observation("vn-body-height-example", null, 150);
		dangling.setSubject(new Reference("Patient/does-not-exist"));
		batch.addEntry().setResource(dangling).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Bundle response = fhir.transaction().withBundle(batch).execute();

		assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("4");
		assertThat(response.getEntry().get(1).getResponse().getOutcome()).isInstanceOf(OperationOutcome.class);
	}

	@Test
	void validateOperationReportsProblemsWithoutStoring() {
		Observation noCode = new Observation();
		noCode.setStatus(Observation.ObservationStatus.FINAL);

		MethodOutcome outcome = fhir.validate().resource(noCode).execute();
		OperationOutcome issues = (OperationOutcome) outcome.getOperationOutcome();

		assertThat(issues.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
			assertThat(issue.getDiagnostics()).contains("Observation.code");
		});
	}

	private IdType create(Resource resource) {
		MethodOutcome outcome = fhir.create().resource(resource).execute();
		assertThat(outcome.getCreated()).isTrue();
		return (IdType) outcome.getId().toUnqualifiedVersionless();
	}

	private int countPatients(String personalId) {
		return fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(Residents.CCCD, personalId))
				.returnBundle(Bundle.class).execute().getTotal();
	}

	/** An Observation of the package's example kind, about this resident, with this value. */
	static Observation observation(String example, IdType patientId, double value) {
		Observation observation = Examples.get(example);
		observation.setId((String) null);
		observation.setEncounter(null);
		observation.getPerformer().clear(); // only the resident's own resources in their $everything
		if (patientId != null) {
			observation.setSubject(new Reference(patientId.toUnqualifiedVersionless()));
		}
		observation.getValueQuantity().setValue(value);
		return observation;
	}

	static Bundle checkupTransaction(String personalId) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientRef = "urn:uuid:" + java.util.UUID.randomUUID();
		transaction.addEntry().setFullUrl(patientRef).setResource(Residents.resident(personalId))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		for (String example : List.of("vn-body-height-example", "vn-body-temperature-example")) {
			Observation observation = Examples.get(example);
			observation.setId((String) null);
			observation.setEncounter(null);
			observation.setSubject(new Reference(patientRef));
			transaction.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		return transaction;
	}
}
