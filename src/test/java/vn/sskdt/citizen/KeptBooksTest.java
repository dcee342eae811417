package vn.sskdt.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Families;
import vn.sskdt.support.Families.Dose;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.HealthRecords;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/**
 * Summaries, forecasts and the list of a citizen's books are kept between requests (BookChanges,
 * FreshCache): over HTTP with real tokens, a write that has committed — a station's transaction of a
 * check-up, a new vaccination, a dose entered in error, a guardian link removed or added — shows in the
 * very next answer; a kept answer is the one generated; others are still refused; every opening, kept
 * or not, is still in the book's audit trail.
 */
class KeptBooksTest extends FhirServerTest {

	static final String CHECKUPS = HealthBookSummaryTest.CHECKUPS;
	static final String IMMUNIZATIONS = HealthBookSummaryTest.IMMUNIZATIONS;
	static final String STATION = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);

	/** A boy of Thuận Hóa, 14 months old, with his birth doses; his mother opens his book. */
	record Child(String motherCccd, IdType patient) {}

	private Child child() {
		String mother = Residents.newPersonalId();
		LocalDate born = LocalDate.now().minusMonths(14);
		IdType patient = Families.child(fhir, mother, born, HealthBooks.THUAN_HOA, List.of(
				Dose.given("hepb-birth", born.toString()), Dose.given("bcg", born.plusDays(3).toString())));
		return new Child(mother, patient);
	}

	private HttpResponse<String> open(String token, IdType patient, String operation) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient/" + patient.getIdPart() + "/" + operation))
				.header("Accept", "application/fhir+json").GET());
	}

	private Bundle summary(String token, IdType patient) throws Exception {
		HttpResponse<String> response = open(token, patient, "$summary");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return parse(Bundle.class, response.body());
	}

	private ImmunizationRecommendation forecast(String token, IdType patient) throws Exception {
		HttpResponse<String> response = open(token, patient, "$immds-forecast");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return parse(ImmunizationRecommendation.class, response.body());
	}

	private static Composition.SectionComponent section(Bundle document, String code) {
		return ((Composition) document.getEntryFirstRep().getResource()).getSection().stream()
				.filter(s -> s.getCode().getCodingFirstRep().getCode().equals(code)).findFirst()
				.orElse(new Composition.SectionComponent());
	}

	private static List<String> sectionEntries(Bundle document, String code) {
		return section(document, code).getEntry().stream().map(Reference::getReference).toList();
	}

	/** The recorded doses the forecast counts, over all series. */
	private static List<String> counted(ImmunizationRecommendation forecast) {
		return forecast.getRecommendation().stream().flatMap(r -> r.getSupportingImmunization().stream())
				.map(r -> new IdType(r.getReference()).getIdPart()).toList();
	}

	private static String status(ImmunizationRecommendation forecast, String vaccine) {
		return forecast.getRecommendation().stream()
				.filter(r -> r.getVaccineCodeFirstRep().getCodingFirstRep().getCode().equals(vaccine)).findFirst()
				.orElseThrow().getForecastStatus().getCodingFirstRep().getCode();
	}

	@Test
	void aKeptAnswerIsTheOneGeneratedAndOthersAreStillRefused() throws Exception {
		Child child = child();
		String mother = TestTokens.citizen(child.motherCccd());
		HttpResponse<String> first = open(mother, child.patient(), "$summary");
		HttpResponse<String> again = open(mother, child.patient(), "$summary");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(again.body()).isEqualTo(first.body());
		HttpResponse<String> forecast = open(mother, child.patient(), "$immds-forecast");
		assertThat(open(mother, child.patient(), "$immds-forecast").body()).isEqualTo(forecast.body());
		// English is its own document
		HttpResponse<String> english = sendAs(mother, HttpRequest.newBuilder(
				uri("/fhir/Patient/" + child.patient().getIdPart() + "/$summary"))
				.header("Accept", "application/fhir+json").header("Accept-Language", "en").GET());
		assertThat(english.body()).contains("Electronic health book summary").isNotEqualTo(first.body());

		// someone else, and a station of another commune, after the answers were kept
		String stranger = TestTokens.citizen(Residents.newPersonalId());
		assertThat(open(stranger, child.patient(), "$summary").statusCode()).isEqualTo(403);
		assertThat(open(stranger, child.patient(), "$immds-forecast").statusCode()).isEqualTo(403);
		String otherStation = TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA);
		assertThat(open(otherStation, child.patient(), "$summary").statusCode()).isEqualTo(404);
		assertThat(open(otherStation, child.patient(), "$immds-forecast").statusCode()).isEqualTo(404);
		assertThat(open(STATION, child.patient(), "$summary").statusCode()).isEqualTo(200);
	}

	@Test
	void aCheckupTransactionShowsInTheVeryNextSummary() throws Exception {
		Child child = child();
		String mother = TestTokens.citizen(child.motherCccd());
		assertThat(sectionEntries(summary(mother, child.patient()), CHECKUPS)).isEmpty();
		summary(mother, child.patient()); // kept now

		// the station submits the check-up as it does after working offline: one transaction
		String day = LocalDate.now().minusDays(1).toString();
		String encounterUrl = "urn:uuid:" + UUID.randomUUID();
		Encounter checkup = HealthRecords.checkup(child.patient(), "annual-free", day);
		Observation classification = HealthRecords.classification(child.patient(), null, "I", day);
		classification.setEncounter(new Reference(encounterUrl));
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl(encounterUrl).setResource(checkup).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
		transaction.addEntry().setResource(classification).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		Bundle stored = fhir.transaction().withBundle(transaction).execute();
		String encounter = new IdType(stored.getEntryFirstRep().getResponse().getLocation()).toUnqualifiedVersionless().getValue();

		assertThat(sectionEntries(summary(mother, child.patient()), CHECKUPS)).hasSize(2).anySatisfy(
				reference -> assertThat(reference).endsWith(encounter));
	}

	@Test
	void aNewDoseAndADoseEnteredInErrorShowInTheVeryNextForecastAndSummary() throws Exception {
		Child child = child();
		String mother = TestTokens.citizen(child.motherCccd());
		IGenericClient station = clientAs(STATION);
		assertThat(status(forecast(mother, child.patient()), "measles")).isEqualTo("overdue");
		int doses = sectionEntries(summary(mother, child.patient()), IMMUNIZATIONS).size();
		forecast(mother, child.patient());
		summary(mother, child.patient());

		Immunization measles = HealthRecords.dose(child.patient(), "measles", LocalDate.now().minusMonths(4).toString());
		IdType dose = (IdType) station.create().resource(measles).execute().getId();
		ImmunizationRecommendation afterDose = forecast(mother, child.patient());
		assertThat(counted(afterDose)).contains(dose.getIdPart());
		assertThat(status(afterDose, "measles")).isEqualTo("complete");
		assertThat(sectionEntries(summary(mother, child.patient()), IMMUNIZATIONS)).hasSize(doses + 1);

		// the station finds it recorded the wrong child: entered in error, not deleted
		Immunization wrong = station.read().resource(Immunization.class).withId(dose.toUnqualifiedVersionless()).execute();
		wrong.setStatus(Immunization.ImmunizationStatus.ENTEREDINERROR);
		station.update().resource(wrong).execute();
		ImmunizationRecommendation afterError = forecast(mother, child.patient());
		assertThat(counted(afterError)).doesNotContain(dose.getIdPart());
		assertThat(status(afterError, "measles")).isEqualTo("overdue");
		assertThat(sectionEntries(summary(mother, child.patient()), IMMUNIZATIONS)).hasSize(doses);
	}

	@Test
	void aGuardianLinkRemovedOrAddedAppliesToTheVeryNextRequest() throws Exception {
		Child child = child();
		String mother = TestTokens.citizen(child.motherCccd());
		assertThat(open(mother, child.patient(), "$immds-forecast").statusCode()).isEqualTo(200);
		assertThat(open(mother, child.patient(), "$immds-forecast").statusCode()).isEqualTo(200);
		RelatedPerson link = (RelatedPerson) fhir.search().forResource(RelatedPerson.class)
				.where(RelatedPerson.PATIENT.hasId(child.patient())).returnBundle(Bundle.class).execute()
				.getEntryFirstRep().getResource();

		link.setActive(false);
		fhir.update().resource(link).execute();
		assertThat(open(mother, child.patient(), "$immds-forecast").statusCode()).isEqualTo(403);
		assertThat(open(mother, child.patient(), "$summary").statusCode()).isEqualTo(403);

		// a father registered as guardian later: his next request is let in
		String fatherCccd = Residents.newPersonalId();
		String father = TestTokens.citizen(fatherCccd);
		assertThat(open(father, child.patient(), "$immds-forecast").statusCode()).isEqualTo(403);
		RelatedPerson fatherLink = link.copy();
		fatherLink.setId((String) null);
		fatherLink.setActive(true);
		fatherLink.getIdentifierFirstRep().setValue(fatherCccd);
		fatherLink.getRelationshipFirstRep().getCodingFirstRep().setCode("FTH").setDisplay("father");
		fhir.create().resource(fatherLink).execute();
		assertThat(open(father, child.patient(), "$immds-forecast").statusCode()).isEqualTo(200);

		// the child's birth date corrected to an adult's (and the personal ID, which encodes the birth year):
		// no longer a guardian's to open
		org.hl7.fhir.r4.model.Patient patient = fhir.read().resource(org.hl7.fhir.r4.model.Patient.class)
				.withId(child.patient()).execute();
		LocalDate adult = LocalDate.now().minusYears(19);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(adult.toString()));
		patient.getIdentifier().stream().filter(i -> Residents.CCCD.equals(i.getSystem()))
				.forEach(i -> i.setValue(Residents.newPersonalId(adult, true)));
		fhir.update().resource(patient).execute();
		assertThat(open(father, child.patient(), "$immds-forecast").statusCode()).isEqualTo(403);
	}

	@Test
	void everyOpeningIsAuditedKeptOrNot() throws Exception {
		Child child = child();
		String mother = TestTokens.citizen(child.motherCccd());
		int openings = 4;
		for (int i = 0; i < openings; i++) {
			summary(mother, child.patient());
			forecast(mother, child.patient());
		}
		String admin = TestTokens.admin();
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			HttpResponse<String> trail = sendAs(admin, HttpRequest.newBuilder(uri(
					"/fhir/AuditEvent?patient=" + child.patient().getIdPart() + "&_count=200"))
					.header("Accept", "application/fhir+json"));
			List<String> opened = new ArrayList<>();
			for (Bundle.BundleEntryComponent entry : parse(Bundle.class, trail.body()).getEntry()) {
				AuditEvent event = (AuditEvent) entry.getResource();
				event.getEntity().stream().filter(e -> e.hasDescription()).forEach(e -> opened.add(e.getDescription()));
			}
			assertThat(opened).filteredOn(d -> d.endsWith("Health book summary")).hasSize(openings);
			assertThat(opened).filteredOn(d -> d.endsWith("Immunization forecast")).hasSize(openings);
		});
	}

	/**
	 * Writes while others keep opening the same book: every answer that begins after a write has
	 * committed holds it, however the generations under way at the commit end.
	 */
	@Test
	void aWriteCommittedWhileTheBookIsBeingOpenedIsInEveryLaterAnswer() throws Exception {
		Child child = child();
		String mother = TestTokens.citizen(child.motherCccd());
		IGenericClient station = clientAs(STATION);
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService readers = Executors.newFixedThreadPool(2);
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			running.add(readers.submit(() -> {
				while (!done.get()) {
					open(mother, child.patient(), "$immds-forecast");
					open(mother, child.patient(), "$summary");
				}
				return null;
			}));
		}
		try {
			LocalDate day = LocalDate.now().minusMonths(13);
			for (int i = 0; i < 6; i++) {
				Immunization dose = HealthRecords.dose(child.patient(), "opv", day.plusDays(35L * i).toString());
				String id = station.create().resource(dose).execute().getId().getIdPart();
				assertThat(sectionEntries(summary(mother, child.patient()), IMMUNIZATIONS))
						.as("summary after dose %d", i).anySatisfy(reference -> assertThat(reference).endsWith(id));
				assertThat(open(mother, child.patient(), "$immds-forecast").body())
						.as("forecast after dose %d", i).contains("Immunization/" + id);
			}
		} finally {
			done.set(true);
			for (Future<?> reader : running) {
				reader.get();
			}
			readers.shutdown();
		}
	}
}
