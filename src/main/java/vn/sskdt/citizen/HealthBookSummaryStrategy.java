package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.api.IpsContext;
import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.ips.api.Section;
import ca.uhn.fhir.jpa.ips.jpa.DefaultJpaIpsGenerationStrategy;
import ca.uhn.fhir.jpa.ips.jpa.IJpaSectionSearchStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategyCollection;
import ca.uhn.fhir.jpa.ips.jpa.section.MedicationSummaryJpaSectionSearchStrategyMedicationRequest;
import ca.uhn.fhir.jpa.ips.jpa.section.MedicationSummaryJpaSectionSearchStrategyMedicationStatement;
import ca.uhn.fhir.jpa.ips.strategy.MedicationNoInfoR4Generator;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import jakarta.annotation.Nonnull;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the health book's International Patient Summary holds, in one language: HAPI's IPS sections
 * the book needs (allergies, medications and problems, mandatory in IPS, with HAPI's "no known"
 * entries when empty; every immunization; results; vital signs) and the check-up history, each
 * Encounter with its year's health classification. HAPI generates the document; this class chooses
 * sections, titles, narrative templates and the author, brings in the Organizations our profiles require,
 * and makes the references of the entries HAPI creates resolvable (docs/health-book-summary.md).
 */
public class HealthBookSummaryStrategy extends DefaultJpaIpsGenerationStrategy {

	/** The section of our own, outside IPS's slices (IPS leaves Composition.section open). */
	public static final String CHECKUP_SECTION_PROFILE = "https://sskdt.vn/fhir/summary-section/checkups";
	/** LOINC "History of Hospitalizations+Outpatient visits Narrative": the nearest LOINC section code. */
	public static final String SECTION_CODE_CHECKUPS = "46240-8";
	public static final String INSURANCE_SECTION_PROFILE = "https://sskdt.vn/fhir/summary-section/insurance";
	/** LOINC "Payment sources Document": the IPS-style section of health-insurance (BHYT) cards. */
	public static final String SECTION_CODE_INSURANCE = "48768-6";
	public static final String OBSERVATION_CODE_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-observation-code";
	public static final String HEALTH_CLASSIFICATION = "health-classification";

	/** Section titles per LOINC section code: Vietnamese, English. */
	static final Map<String, List<String>> TITLES = Map.of(
			SECTION_CODE_ALLERGY_INTOLERANCE, List.of("Dị ứng", "Allergies and Intolerances"),
			SECTION_CODE_MEDICATION_SUMMARY, List.of("Thuốc đang dùng", "Medication List"),
			SECTION_CODE_PROBLEM_LIST, List.of("Vấn đề sức khỏe và kết quả sàng lọc", "Problems and Screening Findings"),
			SECTION_CODE_IMMUNIZATIONS, List.of("Tiêm chủng", "Immunizations"),
			SECTION_CODE_DIAGNOSTIC_RESULTS, List.of("Kết quả xét nghiệm", "Results"),
			SECTION_CODE_VITAL_SIGNS, List.of("Dấu hiệu sinh tồn", "Vital Signs"),
			SECTION_CODE_CHECKUPS, List.of("Lịch sử khám sức khỏe", "Check-up History"),
			SECTION_CODE_INSURANCE, List.of("Bảo hiểm y tế", "Health Insurance"));

	private final boolean english;
	private final FhirContext fhirContext;

	public HealthBookSummaryStrategy(boolean english, DaoRegistry daoRegistry, FhirContext fhirContext) {
		this.english = english;
		this.fhirContext = fhirContext;
		setDaoRegistry(daoRegistry);
		setFhirContext(fhirContext);
		addGlobalSectionCustomizer(section -> Section.newBuilder(section).withTitle(title(section.getSectionCode())).build());
	}

	String title(String sectionCode) {
		return TITLES.get(sectionCode).get(english ? 1 : 0);
	}

	@Override
	protected void addSections() {
		// IPS order: the three mandatory sections first; procedures, devices, pregnancy, social history,
		// plans and advance directives are not recorded by commune stations, so they are left out
		addJpaSectionAllergyIntolerance();
		addJpaSectionMedicationSummary();
		addJpaSectionProblemList();
		addJpaSectionImmunizations();
		addJpaSectionDiagnosticResults();
		addJpaSectionVitalSigns();
		addCheckupHistory();
		addInsurance();
	}

	/**
	 * Every section searches synchronously. HAPI's default for a search is to save it (HFJ_SEARCH) and
	 * hand the same result to an identical search for the next minute: a summary opened again right
	 * after a write would show the book as it was before. A synchronous search reads the database
	 * each time, and a summary never pages anyway.
	 */
	@Override
	protected void addJpaSection(Section section, JpaSectionSearchStrategyCollection strategies) {
		JpaSectionSearchStrategyCollection.JpaSectionSearchStrategyCollectionBuilder synchronous =
				JpaSectionSearchStrategyCollection.newBuilder();
		for (Class<? extends IBaseResource> type : strategies.getResourceTypes()) {
			addSynchronous(synchronous, type, strategies);
		}
		super.addJpaSection(section, synchronous.build());
	}

	private static <T extends IBaseResource> void addSynchronous(
			JpaSectionSearchStrategyCollection.JpaSectionSearchStrategyCollectionBuilder builder, Class<T> type,
			JpaSectionSearchStrategyCollection strategies) {
		IJpaSectionSearchStrategy<T> strategy = strategies.getSearchStrategy(type);
		builder.addStrategy(type, new IJpaSectionSearchStrategy<T>() {
			@Override
			public void massageResourceSearch(@Nonnull IpsSectionContext<T> context, @Nonnull SearchParameterMap map) {
				strategy.massageResourceSearch(context, map);
				map.setLoadSynchronous(true);
			}

			@Override
			public boolean shouldInclude(@Nonnull IpsSectionContext<T> context, @Nonnull T candidate) {
				return strategy.shouldInclude(context, candidate);
			}
		});
	}

	private void addInsurance() {
		Section section = Section.newBuilder()
				.withTitle(title(SECTION_CODE_INSURANCE))
				.withSectionSystem(SECTION_SYSTEM_LOINC)
				.withSectionCode(SECTION_CODE_INSURANCE)
				.withSectionDisplay("Payment sources Document")
				.withResourceType(Coverage.class)
				.withProfile(INSURANCE_SECTION_PROFILE)
				.build();
		addJpaSection(section, JpaSectionSearchStrategyCollection.newBuilder()
				.addStrategy(Coverage.class, new JpaSectionSearchStrategy<Coverage>() {
					@Override
					public void massageResourceSearch(
							@Nonnull IpsSectionContext<Coverage> context, @Nonnull SearchParameterMap map) {
						// the insurer: our profile requires Coverage.payor, and HAPI drops a reference to
						// anything the document leaves out, so it comes in (as an entry outside the section)
						map.addInclude(Coverage.INCLUDE_PAYOR);
					}

					@Override
					public boolean shouldInclude(@Nonnull IpsSectionContext<Coverage> context, @Nonnull Coverage candidate) {
						return candidate.getStatus() != Coverage.CoverageStatus.ENTEREDINERROR;
					}
				})
				.build());
	}

	/**
	 * HAPI's medication section also searches MedicationAdministration and MedicationDispense, which
	 * this server does not serve (sskdt.fhir.resource-types): statements and prescriptions only.
	 */
	@Override
	protected void addJpaSectionMedicationSummary() {
		Section section = Section.newBuilder()
				.withTitle(title(SECTION_CODE_MEDICATION_SUMMARY))
				.withSectionSystem(SECTION_SYSTEM_LOINC)
				.withSectionCode(SECTION_CODE_MEDICATION_SUMMARY)
				.withSectionDisplay("History of Medication use Narrative")
				.withResourceType(MedicationStatement.class)
				.withResourceType(MedicationRequest.class)
				.withProfile("https://hl7.org/fhir/uv/ips/StructureDefinition-Composition-uv-ips-definitions.html#Composition.section:sectionMedications")
				.withNoInfoGenerator(new MedicationNoInfoR4Generator())
				.build();
		addJpaSection(section, JpaSectionSearchStrategyCollection.newBuilder()
				.addStrategy(MedicationRequest.class, new MedicationSummaryJpaSectionSearchStrategyMedicationRequest())
				.addStrategy(MedicationStatement.class, new MedicationSummaryJpaSectionSearchStrategyMedicationStatement())
				.build());
	}

	private void addCheckupHistory() {
		Section section = Section.newBuilder()
				.withTitle(title(SECTION_CODE_CHECKUPS))
				.withSectionSystem(SECTION_SYSTEM_LOINC)
				.withSectionCode(SECTION_CODE_CHECKUPS)
				.withSectionDisplay("History of Hospitalizations+Outpatient visits Narrative")
				.withResourceType(Encounter.class)
				.withResourceType(Observation.class)
				.withProfile(CHECKUP_SECTION_PROFILE)
				.build();
		addJpaSection(section, JpaSectionSearchStrategyCollection.newBuilder()
				.addStrategy(Encounter.class, new JpaSectionSearchStrategy<Encounter>() {
					@Override
					public void massageResourceSearch(
							@Nonnull IpsSectionContext<Encounter> context, @Nonnull SearchParameterMap map) {
						// the station that held the check-up, required by our profile (see Coverage.payor)
						map.addInclude(Encounter.INCLUDE_SERVICE_PROVIDER);
					}

					@Override
					public boolean shouldInclude(@Nonnull IpsSectionContext<Encounter> context, @Nonnull Encounter candidate) {
						return candidate.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR
								&& candidate.getStatus() != Encounter.EncounterStatus.CANCELLED;
					}
				})
				.addStrategy(Observation.class, new JpaSectionSearchStrategy<Observation>() {
					@Override
					public void massageResourceSearch(
							@Nonnull IpsSectionContext<Observation> context, @Nonnull SearchParameterMap map) {
						map.add(Observation.SP_CODE, new TokenParam(OBSERVATION_CODE_SYSTEM, HEALTH_CLASSIFICATION));
					}

					@Override
					public boolean shouldInclude(
							@Nonnull IpsSectionContext<Observation> context, @Nonnull Observation candidate) {
						return candidate.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
								&& candidate.getStatus() != Observation.ObservationStatus.CANCELLED;
					}
				})
				.build());
	}

	/**
	 * The document as FHIR resolves it. HAPI gives the entries it creates (the Composition, the "no known
	 * …" entries) {@code urn:uuid} fullUrls, while their references to stored resources are relative
	 * ({@code Patient/…}) — and stay relative, since the server writes any reference to its own base as
	 * relative. A relative reference resolves against its entry's fullUrl base, which a {@code urn:uuid}
	 * does not have, so such an entry moves onto the server base under the same uuid ({@code
	 * <base>/Condition/<uuid>}: a document identity, not a stored resource), and references to its old
	 * uuid follow. The author, which refers to nothing, keeps its {@code urn:uuid}.
	 */
	@Override
	public void postManipulateIpsBundle(IBaseBundle bundle) {
		Bundle document = (Bundle) bundle;
		FhirTerser terser = fhirContext.newTerser();
		String patientUrl = document.getEntry().stream().filter(e -> e.getResource() instanceof Patient)
				.map(Bundle.BundleEntryComponent::getFullUrl).findFirst().orElseThrow();
		String base = patientUrl.substring(0, patientUrl.lastIndexOf("/Patient/"));
		Map<String, String> moved = new HashMap<>();
		for (Bundle.BundleEntryComponent entry : document.getEntry()) {
			Resource resource = entry.getResource();
			if (resource instanceof Composition composition) {
				composition.setLanguage(english ? "en" : "vi"); // the language its narratives are written in
			}
			boolean refersToStored = terser.getAllResourceReferences(resource).stream()
					.map(r -> r.getResourceReference().getReferenceElement())
					.anyMatch(id -> id.hasResourceType() && !id.hasBaseUrl() && !id.isLocal());
			if (entry.getFullUrl().startsWith("urn:uuid:") && refersToStored) {
				String inDocument = resource.fhirType() + "/" + entry.getFullUrl().substring("urn:uuid:".length());
				moved.put(entry.getFullUrl(), inDocument);
				entry.setFullUrl(base + "/" + inDocument);
				resource.setId(entry.getFullUrl());
			}
		}
		for (Bundle.BundleEntryComponent entry : document.getEntry()) {
			for (ResourceReferenceInfo reference : terser.getAllResourceReferences(entry.getResource())) {
				String target = moved.get(reference.getResourceReference().getReferenceElement().getValue());
				if (target != null) {
					reference.getResourceReference().setReference(target);
				}
			}
		}
	}

	@Override
	public List<String> getNarrativePropertyFiles() {
		return List.of("classpath:vn/sskdt/citizen/summary/narratives-" + (english ? "en" : "vi") + ".properties");
	}

	@Override
	public IBaseResource createAuthor() {
		// the document is assembled by the health-book server itself, not by a clinician
		Organization organization = new Organization();
		organization.setName(english ? "SSKĐT - electronic health book" : "SSKĐT - Sổ sức khỏe điện tử");
		organization.setId(IdType.newRandomUuid());
		return organization;
	}

	@Override
	public String createTitle(IpsContext context) {
		return english ? "Electronic health book summary" : "Tóm tắt sổ sức khỏe điện tử";
	}
}
